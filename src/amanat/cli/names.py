"""`amanat names`: compare names across Cyrillic and Latin spellings; rebuild the register's
phonetic search keys after the key changed (the operator's action ``names.rekey``) and the
blind index of protected persons' names (``names.index_protected``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from amanat.actions import names as name_actions
from amanat.actions.door import binds
from amanat.cells import CsvWriter
from amanat.cli.door import as_operator, optional_master_key
from amanat.cli.language import _
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.names import NameComparison, compare_names

app = typer.Typer(
    help="Compare names written in Cyrillic and Latin, in any spelling and word order; "
    "rebuild the register's name search keys.",
    no_args_is_help=True,
)

CSV_COLUMNS = ("a", "b", "score", "decision", "reasons")


@app.callback()
def names() -> None:
    """Compare names written in Cyrillic and Latin, in any spelling and word order; rebuild
    the register's name search keys."""


def _show(result: NameComparison) -> str:
    lines = [
        f"A         {result.a}",
        f"B         {result.b}",
        f"score     {result.score:.2f}",
        f"decision  {result.decision.value}",
        "reasons",
        *(f"  - {reason}" for reason in result.reasons),
    ]
    return "\n".join(lines)


def _csv_rows(rows: Iterable[dict[str, str | None]]) -> Iterable[str]:
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        result = compare_names(row.get("a") or "", row.get("b") or "")
        writer.writerow(
            (
                result.a,
                result.b,
                f"{result.score:.4f}",
                result.decision.value,
                "; ".join(result.reasons),
            )
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


@app.command("compare")
def compare(
    a: Annotated[
        str | None,
        typer.Argument(
            metavar="A", help='First name as written, e.g. "Джуманбеков Ерлан".', show_default=False
        ),
    ] = None,
    b: Annotated[
        str | None,
        typer.Argument(
            metavar="B", help='Second name as written, e.g. "Jumanbekov Erlan".', show_default=False
        ),
    ] = None,
    pairs: Annotated[
        Path | None,
        typer.Option(
            "--pairs",
            help="CSV file (UTF-8) with columns a and b: compare each row and write "
            "a,b,score,decision,reasons as CSV to standard output.",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Compare two names, or every pair in a CSV file: score, decision and reasons.

    Decision: "match" at a score of 0.90 or more, "possible" at 0.70 or more, else "no match".

    Placeholders such as "unknown", "неизвестно" or "N/A" never match anything.
    """
    if pairs is not None:
        if a is not None or b is not None:
            fail(_("give two names or --pairs FILE.csv, not both"))
        with pairs.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not {"a", "b"} <= set(reader.fieldnames or ()):
                fail(
                    _(
                        "%(pairs)s needs columns a and b; it has %(columns)s",
                        pairs=pairs,
                        columns=", ".join(reader.fieldnames or ()),
                    )
                )
            for chunk in _csv_rows(reader):
                typer.echo(chunk, nl=False)
        return
    if a is None or b is None:
        fail(_('give two names, e.g. amanat names compare "Джуманбеков Ерлан" "Jumanbekov Erlan"'))
    typer.echo(_show(compare_names(a, b)))


@app.command("rekey")
@binds(name_actions.rekey)
def rekey(database: DatabaseOption = None) -> None:
    """Rebuild every name's phonetic search keys with this version's key function.

    Needed once after an upgrade that changed the key (searches by name say so until it
    is done); the system operator's action, recorded in the audit trail.
    """
    engine = open_register(database)
    with as_operator(engine) as ctx:
        rebuilt = name_actions.rekey(ctx)
    before = "none recorded" if rebuilt.previous is None else f"version {rebuilt.previous}"
    typer.echo(
        _(
            "Name search keys rebuilt: %(keys)s keys of version %(version)s "
            "(they were: %(before)s)",
            keys=format(rebuilt.keys, ","),
            version=rebuilt.version,
            before=before,
        )
    )


@app.command("index-protected")
@binds(name_actions.index_protected)
def index_protected(database: DatabaseOption = None) -> None:
    """Rebuild the blind index of victims' and witnesses' names from their sealed
    identities, with the vault's master key (AMANAT_MASTER_KEY_FILE or AMANAT_MASTER_KEY).

    Needed once after the upgrade that brought the index (migration 0023), and after a
    master key rotation; until then case workers do not find those victims by name.
    """
    key = optional_master_key()
    if key is None:
        fail(_("no master key: set AMANAT_MASTER_KEY_FILE or AMANAT_MASTER_KEY"))
    engine = open_register(database)
    with as_operator(engine, key=key) as ctx:
        indexed = name_actions.index_protected(ctx)
    typer.echo(_("Protected names indexed: %(indexed)s persons", indexed=format(indexed, ",")))
