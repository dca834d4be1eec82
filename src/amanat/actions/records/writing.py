"""Writing new records: one or many, nested children and ``@ref`` references, in the
caller's transaction with one audit entry per record.

Every record is an assertion by the caller's organisation; a protected person's
identity is sealed in the vault with the key the context holds, never stored in the
clear (without a key such a submission is refused).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from amanat.access.roles import Permission
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.records.kind_columns import kind_columns
from amanat.actions.records.kinds import KIND_BY_NAME
from amanat.actions.records.references import check_references
from amanat.discovery.index import refresh_written
from amanat.intake.submission import MARKING_FIELDS, SubmissionError, write_records
from amanat.language.i18n import N_
from amanat.register import RECORD_KINDS, Case, InvalidValue, Organisation

# The register's default markings (column defaults, the same on every kind of record).
MARKING_DEFAULTS = {name: Case.__table__.c[name].default.arg for name in MARKING_FIELDS}
Loc = tuple[str | int, ...]


@action(
    "record.create",
    "Write new records asserted by the caller's organisation (one submission, one transaction)",
    scope=Scope.own_organisation,
    permission=Permission.create,
    audit="write",
)
def create_records(
    ctx: Context,
    records: list[dict[str, Any]],
    defaults: Mapping[str, Any] | None = None,
    *,
    loc: Sequence[str | int] = ("body", "records"),
    single: bool = False,
) -> dict[str, int]:
    """Write records (``write_records``: nested children, ``@ref`` references,
    protected identities sealed); audit a "write" per record.  Returns ref -> id; a
    record given without ``ref`` is ``"#<index>"``.  A record's own ``kind`` column
    is given as ``"<kind>_kind"`` (``group_kind``), because ``"kind"`` names the kind
    of record (see ``kind_columns``).

    ``single``: the request body *is* the one record, so errors are located at
    ``loc`` itself rather than at ``loc[index]``.
    """
    session, viewer = ctx.session, ctx.viewer
    if not isinstance(records, list) or not records:
        raise FieldProblem(tuple(loc), N_("must be a non-empty list"), None)
    base = tuple(loc)
    named: list[dict[str, Any]] = []
    for index, record in enumerate(records):
        where = base if single else (*base, index)
        if not isinstance(record, Mapping):
            raise FieldProblem(where, N_("is not an object"), None)
        kind = record.get("kind")
        if not isinstance(kind, str) or kind not in KIND_BY_NAME:
            raise FieldProblem(
                (*where, "kind"),
                N_("is not one of %(choices)s"),
                kind,
                choices=", ".join(KIND_BY_NAME),
            )
        check_references(session, viewer, RECORD_KINDS[kind], record, where)
        ref = record.get("ref")
        named.append({**record, "ref": f"#{index}" if ref is None else ref})
    org = session.get(Organisation, viewer.org_id)
    assert org is not None  # a user belongs to a registered organisation
    # The register's markings, stated: its marking check runs before column defaults
    # apply, and would fail on a record that gives a distribution but no TLP.
    markings = {**MARKING_DEFAULTS, **(defaults or {})}
    try:
        with kind_columns(session, named) as cleaned:
            result = write_records(session, org, cleaned, markings, ctx.master_key)
    except SubmissionError as exc:
        raise _located(exc, base, single) from None
    refresh_written(
        session,
        ctx.master_key,
        [(str(r["kind"]), result.ids[str(r["ref"])]) for r in named],
    )
    # One append for the lot, from what is known: every record written here is the
    # caller's organisation's (reading each back only to say so cost a query each).
    ctx.audit_many(
        [
            (record["kind"], result.ids[str(record["ref"])], {"owner_org_id": org.id})
            for record in named
        ]
    )
    return dict(result.ids)


_STEP = re.compile(r"^(\w+)(?:\[(\d+)\])?$")


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for part in path.split("."):
        match = _STEP.match(part)
        if match is None:
            steps.append(part)
            continue
        steps.append(match.group(1))
        if match.group(2) is not None:
            steps.append(int(match.group(2)))
    return steps


def _located(exc: SubmissionError, base: Loc, single: bool) -> FieldProblem:
    """The submission's "records[0].case.names[1].full_name" as a request location."""
    cause = exc.__context__  # write_records re-raises field errors "from None"
    unfit = cause.unfit if isinstance(cause, InvalidValue) else None
    if isinstance(cause, InvalidValue) and cause.field.startswith("records["):
        steps, message, value = _steps(cause.field), cause.reason, cause.value
        steps = steps[:2] + steps[3:]  # drop the kind after records[i]
    elif isinstance(cause, InvalidValue):  # a check across fields, at flush
        steps = _steps(exc.where) + _steps(cause.field)[1:]
        message, value = cause.reason, cause.value
    else:
        steps, message, value = _steps(exc.where) if exc.where else [], str(exc), None
    if steps[:1] == ["records"]:
        steps = steps[2:] if single else steps[1:]
    return FieldProblem((*base, *steps), message, value, unfit)
