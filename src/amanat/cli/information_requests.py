"""`amanat rfi`: requests for information after a discovery hit — file one from a
hit's reference, list those to answer (overdue marked) and those made, show one, and
answer one (approve, approve chosen sections and records, or decline with a reason).

Only the actions ``rfi.file``, ``rfi.list``, ``rfi.show`` and ``rfi.decide`` are
called; what is printed to the asker is what the holder released, nothing more.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

import typer

from amanat.actions import information_broker
from amanat.actions import information_requests as rfi
from amanat.actions.door import binds
from amanat.cells import CsvWriter
from amanat.cli.discovery import Basis, Purpose, User
from amanat.cli.door import acting_as
from amanat.cli.language import _
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.discovery.models import InformationRequest
from amanat.store.settings import get_settings

app = typer.Typer(
    help="Requests for information after a discovery hit: file, list, show, answer.",
    no_args_is_help=True,
)
LIST_COLUMNS = ("side", "id", "reference", "status", "overdue", "due_at", "urgency",
                "handling", "asker_org", "holder", "legal_basis", "purpose")  # fmt: skip


@app.command("file")
@binds(rfi.file)
def file_command(
    reference: Annotated[str, typer.Argument(help="The reference a hit answered.")],
    user: User,
    purpose: Purpose = "",
    basis: Basis = "",
    urgency: Annotated[str, typer.Option(help="routine or urgent.")] = "routine",
    handling: Annotated[str, typer.Option(help="The handling code you accept (H0-H3).")] = "H0",
    database: DatabaseOption = None,
) -> None:
    """Request the information behind a hit from its holder."""
    _filed(rfi.file, reference, user, (purpose, basis, urgency, handling), database)


def _filed(
    asking: Callable[..., InformationRequest],
    reference: str,
    user: str,
    asked: tuple[str, str, str, str],
    database: str | None,
) -> None:
    """File a request with ``asking`` (``rfi.file`` or ``ask_back``) and say when it is due;
    ``asked``: purpose, basis, urgency, handling."""
    hours = get_settings().rfi_deadline_hours
    register = open_register(database)
    with acting_as(register, user) as ctx:
        made = asking(ctx, reference, *asked, hours)
        request_id, due = made.id, made.due_at
    typer.echo(_("request %(id)s: pending, due %(due)s", id=request_id, due=due.isoformat()))


@app.command("list")
@binds(rfi.lists)
def list_command(
    user: User,
    status: Annotated[
        str | None, typer.Option(help="pending, overdue, approved, partial or declined.")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """The requests your organisation must answer, and those it made (CSV)."""
    register = open_register(database)
    writer = CsvWriter(sys.stdout)
    writer.writerow(LIST_COLUMNS)
    with acting_as(register, user) as ctx:
        found = rfi.lists(ctx, status)
        for side, items in (("to answer", found.to_decide), ("made", found.made)):
            for i in items:
                r = i.request
                writer.writerow((side, r.id, r.reference, r.status, "yes" if i.overdue else "",
                                 r.due_at.isoformat(), r.urgency, r.handling, i.asker_org,
                                 i.holder_org or "", r.legal_basis, r.purpose))  # fmt: skip


@app.command("show")
@binds(rfi.show)
def show_command(
    request_id: Annotated[int, typer.Argument(help="The request.")],
    user: User,
    database: DatabaseOption = None,
) -> None:
    """One request: to its holder what it may release, to the asker what was released."""
    register = open_register(database)
    with acting_as(register, user) as ctx:
        shown = rfi.show(ctx, request_id)
        r, listed = shown.listed.request, shown.listed
        overdue = _(" (overdue)") if listed.overdue else ""
        lines = [
            _("request %(id)s: %(status)s", id=r.id, status=r.status) + overdue,
            _(
                "asked by %(org)s (%(asker)s) on %(basis)s: %(purpose)s",
                org=listed.asker_org,
                asker=listed.asker or "",
                basis=r.legal_basis,
                purpose=r.purpose,
            ),
            _(
                "urgency %(urgency)s, handling %(handling)s, due %(due)s",
                urgency=r.urgency,
                handling=r.handling,
                due=r.due_at.isoformat(),
            ),
        ]
        if r.decision_note:
            lines.append(_("note: %(note)s", note=r.decision_note))
        if shown.holder_side:
            hit = ", ".join(f"person:{p}" for p in shown.hit_persons)
            lines.append(_("hit records: %(records)s", records=hit))
            offered = ", ".join(shown.offered_sections)
            lines.append(_("sections to release: %(sections)s", sections=offered))
            linked = ", ".join(shown.offered_records) or "-"
            lines.append(_("linked records: %(records)s", records=linked))
        for person in shown.released:
            for name, values in person.sections.items():
                lines.append(f"{name}: {'; '.join(values)}")
        if shown.released_records:
            shared = ", ".join(shown.released_records)
            lines.append(_("shared records: %(records)s", records=shared))
    typer.echo("\n".join(lines))


@app.command("answer")
@binds(rfi.decide)
def answer_command(
    request_id: Annotated[int, typer.Argument(help="The request.")],
    user: User,
    approve: Annotated[bool, typer.Option(help="Release everything.")] = False,
    section: Annotated[
        list[str] | None, typer.Option(help="Release this section only (repeatable).")
    ] = None,
    record: Annotated[
        list[str] | None, typer.Option(help="Share this linked record, kind:id (repeatable).")
    ] = None,
    decline: Annotated[str | None, typer.Option(help="Decline, saying why.")] = None,
    note: Annotated[str | None, typer.Option(help="A note with a release.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Answer a request to your organisation: --approve, --section/--record, or --decline."""
    chosen = bool(section or record)
    if sum((approve, chosen, decline is not None)) != 1:
        fail(_("give one of --approve, --section/--record, or --decline REASON"))
    decision = "approve" if approve else "partial" if chosen else "decline"
    register = open_register(database)
    with acting_as(register, user) as ctx:
        done = rfi.decide(ctx, request_id, decision, section or [], record or [], decline or note)
        status = done.status
    typer.echo(_("request %(id)s: %(status)s", id=request_id, status=status))


@app.command("ask-back")
@binds(information_broker.ask_back)
def ask_back_command(
    reference: Annotated[
        str,
        typer.Argument(help="The reference of an NGO's hit on your record (discovery received)."),
    ],
    user: User,
    purpose: Purpose = "",
    basis: Basis = "",
    urgency: Annotated[str, typer.Option(help="routine or urgent.")] = "routine",
    handling: Annotated[str, typer.Option(help="The handling code you accept (H0-H3).")] = "H0",
    database: DatabaseOption = None,
) -> None:
    """Ask the NGO whose query hit your record what its client said."""
    _filed(
        information_broker.ask_back, reference, user, (purpose, basis, urgency, handling), database
    )
