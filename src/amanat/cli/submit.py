"""`amanat submit`: write a JSON submission as a named user, in one transaction — the
action ``record.create``, as ``POST /api/v1/records`` does."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from amanat.actions import records
from amanat.actions.door import binds
from amanat.actions.errors import FieldProblem, InvalidValue
from amanat.cli.door import acting_as, optional_master_key
from amanat.cli.language import _
from amanat.cli.options import DatabaseOption, fail, open_register


def _where(loc: Sequence[str | int], document: Mapping[str, Any]) -> str:
    """``("records", 3, "stage")`` as ``records[3].pipeline_event.stage``: the record's
    place in the file and its kind, then the field."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else f".{step}" if text else step
    if len(loc) >= 2 and loc[0] == "records" and isinstance(loc[1], int):
        given = document.get("records")
        record = given[loc[1]] if isinstance(given, list) and loc[1] < len(given) else None
        kind = record.get("kind") if isinstance(record, Mapping) else None
        if isinstance(kind, str):
            head = f"records[{loc[1]}]"
            text = head + f".{kind}" + text[len(head) :]
    return text


def _rejected(problem: FieldProblem, document: Mapping[str, Any]) -> str:
    value = "" if problem.value is None else f" {problem.value!r}"
    return f"{_where(problem.loc, document)}:{value} {problem.message}"


@binds(records.get_organisation, records.create_records)
def submit_command(
    file: Annotated[Path, typer.Argument(help="JSON submission (see docs/submissions.md).")],
    user: Annotated[str, typer.Option(help="Submit as this user, for their organisation.")],
    database: DatabaseOption = None,
) -> None:
    """Submit records from a JSON file: all are written, or none."""
    try:
        document = json.loads(file.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        fail(_("cannot read %(file)s: %(exc)s", file=file, exc=exc))
    if not isinstance(document, dict):
        fail(_("%(file)s: a submission is a JSON object", file=file))
    defaults = document.get("defaults") or {}
    if not isinstance(defaults, dict):
        fail(_("submission rejected, nothing written — defaults: must be an object"))
    engine = open_register(database)
    with acting_as(engine, user, key=optional_master_key()) as ctx:
        org = records.get_organisation(ctx, ctx.actor.signed_in.org_id)
        named = document.get("organisation")
        if named is not None and named != org.code:
            # Nobody submits in another organisation's name.
            fail(
                _(
                    "submission rejected, nothing written — organisation: the file "
                    "names %(named)r, but %(user)s belongs to %(code)r",
                    named=named,
                    user=user,
                    code=org.code,
                )
            )
        # Checked by the action: a non-empty list of objects, each with its kind.
        given: list[dict[str, Any]] = document.get("records")  # type: ignore[assignment]
        # Caught here, inside the transaction's block, to say where in the file.
        try:
            records.create_records(ctx, given, defaults, loc=("records",))
        except FieldProblem as exc:
            fail(
                _(
                    "submission rejected, nothing written — %(problem)s",
                    problem=_rejected(exc, document),
                )
            )
        except InvalidValue as exc:
            fail(_("submission rejected, nothing written — %(exc)s", exc=exc))
    created = Counter(str(record["kind"]) for record in given)
    listed = ", ".join(f"{n} {kind}" for kind, n in created.items())
    typer.echo(_("Submitted by %(code)s: %(listed)s", code=org.code, listed=listed))
