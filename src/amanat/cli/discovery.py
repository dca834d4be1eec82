"""`amanat discover`: ask whether other organisations hold a person, learning only hit or
no hit (one query from options, or a CSV of them); `amanat discovery`: the owner's
setting for a record, the index of encodings, and the queries that hit one's records.

Only the actions ``discovery.ask``, ``person.discoverable``, ``discovery.index`` and
``discovery.received`` are called; the answers printed hold no name, fact or record id
of the holder's (and the batch's output no name of the asker's rows either).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from amanat.actions import discovery as actions
from amanat.actions.discovery import Outcome, Query
from amanat.actions.door import binds
from amanat.cells import CsvWriter
from amanat.cli.door import acting_as, as_operator, optional_master_key
from amanat.cli.language import _, language
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.language.i18n import number_text

app = typer.Typer(
    help="Hit/no-hit discovery: who may find a record, the index of encodings, "
    "and the queries that hit one's records.",
    no_args_is_help=True,
)

User = Annotated[str, typer.Option("--user", "-u", help="The user asking (their role decides).")]
Purpose = Annotated[str, typer.Option(help="Why you ask (the holder's audit shows it).")]
Basis = Annotated[
    str,
    typer.Option(
        help="Legal basis: bilateral_agreement, regional_agreement, mla_request, "
        "interpol_notice or other."
    ),
]
# The batch file's columns (a header row); any other column is ignored.
CSV_COLUMNS = ("id", "name", "born", "document_type", "document_country", "document", "phone")
DOCUMENT_EXAMPLE = "national_passport:UZ:AA1234567"
ANSWER_COLUMNS = ("row", "id", "answer", "band", "holder", "holder_name", "country", "reference")


def _document(text: str) -> tuple[str, str | None, str]:
    parts = text.split(":")
    if len(parts) != 3 or not parts[0] or not parts[2]:
        fail(_("--document is TYPE:COUNTRY:NUMBER, e.g. %(example)s", example=DOCUMENT_EXAMPLE))
    return parts[0], parts[1] or None, parts[2]


def _row_query(row: dict[str, str]) -> Query:
    number = (row.get("document") or "").strip()
    doc_type = (row.get("document_type") or "").strip() or "national_passport"
    return Query(
        names=[row["name"]] if (row.get("name") or "").strip() else [],
        born=(row.get("born") or row.get("birth_date") or "").strip() or None,
        documents=[(doc_type, (row.get("document_country") or "").strip() or None, number)]
        if number
        else [],
        phones=[row["phone"]] if (row.get("phone") or "").strip() else [],
    )


def _read_batch(file: Path) -> list[tuple[str, Query]]:
    if not file.is_file():
        fail(_("%(file)s is not a file", file=file))
    with file.open(encoding="utf-8-sig", newline="") as source:
        reader = csv.DictReader(source)
        if not reader.fieldnames or "name" not in reader.fieldnames:
            fail(
                _(
                    "%(file)s: a header row with at least a name column (%(columns)s)",
                    file=file,
                    columns=", ".join(CSV_COLUMNS),
                )
            )
        return [(row.get("id") or "", _row_query(row)) for row in reader]


def _write(outcomes: list[tuple[str, Outcome]], out: TextIO) -> None:
    writer = CsvWriter(out)
    writer.writerow(ANSWER_COLUMNS)
    for number, (label, outcome) in enumerate(outcomes, start=1):
        if not outcome.hit:
            writer.writerow((number, label, "no hit", "", "", "", "", ""))
        for a in outcome.answers:
            writer.writerow(
                (number, label, "hit", a.band, a.holder or "", a.holder_name or "",
                 a.country or "", a.reference)
            )  # fmt: skip


@binds(actions.ask)
def discover_command(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="CSV of queries with a header row: id, name, born, document_type, "
            "document_country, document, phone.",
            show_default=False,
        ),
    ] = None,
    user: User = "",
    purpose: Purpose = "",
    basis: Basis = "",
    name: Annotated[list[str] | None, typer.Option(help="A name as written (repeatable).")] = None,
    born: Annotated[
        str | None, typer.Option(help="Date of birth: YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    document: Annotated[
        list[str] | None, typer.Option(help="TYPE:COUNTRY:NUMBER (repeatable).")
    ] = None,
    phone: Annotated[list[str] | None, typer.Option(help="A phone number (repeatable).")] = None,
    database: DatabaseOption = None,
) -> None:
    """Ask whether other organisations hold a person; learn hit or no hit, a score band
    and the holder as its owner allows.  The query is encoded here and never stored."""
    if not user:
        fail(_("--user is required: the user asking"))
    if file is not None and (name or born or document or phone):
        fail(_("give a FILE or --name/--born/--document/--phone, not both"))
    if file is not None:
        queries = _read_batch(file)
    else:
        docs = [_document(d) for d in document or []]
        queries = [("", Query(names=name or [], born=born, documents=docs, phones=phone or []))]
    register = open_register(database)
    with acting_as(register, user, key=optional_master_key()) as ctx:
        outcomes = actions.ask(ctx, [query for _label, query in queries], purpose, basis)
    _write([(label, o) for (label, _query), o in zip(queries, outcomes, strict=True)], sys.stdout)
    hits, lang = sum(o.hit for o in outcomes), language()
    said = _(
        "%(queries)s queries: %(hits)s hit, %(misses)s no hit",
        queries=number_text(len(outcomes), lang),
        hits=number_text(hits, lang),
        misses=number_text(len(outcomes) - hits, lang),
    )
    typer.echo(said, err=True)


@app.callback()
def discovery() -> None:
    """Hit/no-hit discovery: who may find a record, the index of encodings, and the
    queries that hit one's records."""


@app.command("set")
@binds(actions.set_discoverable)
def set_command(
    person_id: Annotated[int, typer.Argument(help="The person record (your organisation's).")],
    setting: Annotated[
        str,
        typer.Argument(help="organisation, country, anonymous, none, or default (by role)."),
    ],
    user: User,
    database: DatabaseOption = None,
) -> None:
    """Choose whether other organisations' queries find a person record, and what a hit
    shows of its holder."""
    register = open_register(database)
    with acting_as(register, user, key=optional_master_key()) as ctx:
        in_force = actions.set_discoverable(
            ctx, person_id, None if setting == "default" else setting
        )
    typer.echo(_("person %(id)s: %(setting)s", id=person_id, setting=in_force))


@app.command("index")
@binds(actions.rebuild_index)
def index_command(database: DatabaseOption = None) -> None:
    """Rebuild every discoverable record's encodings (the operator; needs the master key)."""
    register = open_register(database)
    key = optional_master_key()
    if key is None:
        fail(
            _(
                "discovery needs the vault's master key: set %(setting)s or its key file",
                setting="AMANAT_MASTER_KEY",
            )
        )
    with as_operator(register, key=key) as ctx:
        seen, indexed = actions.rebuild_index(ctx)
    lang = language()
    said = _(
        "%(seen)s person records, %(indexed)s discoverable, encoded",
        seen=number_text(seen, lang),
        indexed=number_text(indexed, lang),
    )
    typer.echo(said)


@app.command("received")
@binds(actions.received)
def received_command(
    user: User,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 100,
    database: DatabaseOption = None,
) -> None:
    """The queries that hit your organisation's records: who asked, why, how close."""
    register = open_register(database)
    with acting_as(register, user) as ctx:
        found = actions.received(ctx, limit)
    writer = CsvWriter(sys.stdout)
    # brokered: an NGO's case worker asked, learning hit or no hit only (`amanat rfi ask-back`).
    writer.writerow(("asked_at", "person_id", "band", "reference", "asker_org", "asker",
                     "legal_basis", "purpose", "brokered"))  # fmt: skip
    for r in found:
        writer.writerow((r.asked_at.isoformat(), r.person_id, r.band, r.reference, r.asker_org,
                         r.asker, r.legal_basis, r.purpose,
                         "yes" if r.brokered else ""))  # fmt: skip
