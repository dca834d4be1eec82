"""`amanat reports`: add an open-source report, list reports, show one's candidates,
confirm or reject a candidate — the actions ``report.*``, as a named user; and
`extract`, which proposes candidates without storing anything."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from amanat.actions import reports
from amanat.actions.door import binds
from amanat.cli.door import acting_as, optional_master_key
from amanat.cli.language import _
from amanat.cli.options import DatabaseOption, fail, open_register

app = typer.Typer(help="Open-source reports: candidate records an analyst confirms.")

UserOption = Annotated[str, typer.Option(help="Act as this user, for their organisation.")]


def _content(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        fail(_("cannot read %(file)s: %(exc)s", file=file, exc=exc))


def _date(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else dt.date.today()
    except ValueError:
        fail(_("--date: %(value)r is not a date (YYYY-MM-DD)", value=value))


@binds(reports.add_report)
@app.command("add")
def add_command(
    file: Annotated[Path, typer.Argument(help="The report: text, HTML, DOCX or PDF.")],
    user: UserOption,
    publisher: Annotated[str | None, typer.Option(help="Newspaper, NGO or author.")] = None,
    date: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD).")] = None,
    reliability: Annotated[
        str | None, typer.Option(help="Source reliability A–F (remembered per publisher).")
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="Title (default: publisher or file name, and date).")
    ] = None,
    author: Annotated[str | None, typer.Option(help="The report's author.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Add a report (kept sealed) and propose its candidates; nothing enters the
    register until a candidate is confirmed."""
    content, published_on = _content(file), _date(date)
    with acting_as(open_register(database), user, key=optional_master_key()) as ctx:
        added = reports.add_report(
            ctx,
            file.name,
            content,
            published_on=published_on,
            title=title,
            publisher=publisher,
            author=author,
            reliability=reliability,
        )
    typer.echo(
        _(
            "report %(id)s added (%(language)s, reliability %(grade)s): %(n)s candidates",
            id=added.report_id,
            language=added.language,
            grade=added.reliability,
            n=added.candidates,
        )
    )


@binds(reports.extract_only)
@app.command("extract")
def extract_command(
    file: Annotated[Path, typer.Argument(help="The report: text, HTML, DOCX or PDF.")],
    user: UserOption,
    json_out: Annotated[Path, typer.Option("--json", help="Write the events here.")],
    date: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD).")] = None,
    database: DatabaseOption = None,
) -> None:
    """Print the candidates of a report as JSON, storing nothing."""
    content, published_on = _content(file), _date(date)
    with acting_as(open_register(database), user) as ctx:
        found = reports.extract_only(ctx, file.name, content, published_on)
    events = [event.as_json() for event in found.events]
    json_out.write_text(json.dumps(events, ensure_ascii=False, indent=2) + "\n", "utf-8")
    typer.echo(_("%(n)s events written to %(file)s", n=len(events), file=json_out))


@binds(reports.list_reports)
@app.command("list")
def list_command(user: UserOption, database: DatabaseOption = None) -> None:
    """One's own organisation's reports, with their candidates by status."""
    with acting_as(open_register(database), user) as ctx:
        for report, counts in reports.list_reports(ctx):
            candidates = _(
                "proposed %(proposed)s, confirmed %(confirmed)s, rejected %(rejected)s",
                proposed=counts["proposed"],
                confirmed=counts["confirmed"],
                rejected=counts["rejected"],
            )
            typer.echo(
                f"{report.id}\t{report.published_on}\t{report.language}\t{report.reliability}"
                f"\t{candidates}"
            )


@binds(reports.show_report)
@app.command("show")
def show_command(
    report_id: Annotated[int, typer.Argument(help="The report's number.")],
    user: UserOption,
    database: DatabaseOption = None,
) -> None:
    """A report's candidates with their evidence, as JSON."""
    with acting_as(open_register(database), user, key=optional_master_key()) as ctx:
        view = reports.show_report(ctx, report_id)
    shown = {
        "report": view.id,
        "source": view.source_id,
        "published_on": view.published_on.isoformat(),
        "language": view.language,
        "reliability": view.reliability,
        "candidates": [
            {
                "id": c.id,
                "kind": c.kind,
                "status": c.status,
                "record": list(c.record) if c.record else None,
                "likely_same_as": [{"person": p, "score": s} for p, s in c.likely],
                "suggested_credibility": c.suggested_credibility,
                **c.details,
            }
            for c in view.candidates
        ],
    }
    typer.echo(json.dumps(shown, ensure_ascii=False, indent=2))


@binds(reports.confirm)
@app.command("confirm")
def confirm_command(
    candidate_id: Annotated[int, typer.Argument(help="The candidate's number.")],
    user: UserOption,
    credibility: Annotated[str, typer.Option(help="Information credibility 1–6.")],
    edits: Annotated[
        str | None, typer.Option(help='Fields to set or correct, as JSON: {"country": "KG"}.')
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Accept a candidate: its record is written, sourced from the report."""
    try:
        changes = json.loads(edits) if edits else {}
    except json.JSONDecodeError as exc:
        fail(_("--edits: not JSON: %(exc)s", exc=exc))
    if not isinstance(changes, dict):
        fail(_("--edits: must be a JSON object"))
    with acting_as(open_register(database), user, key=optional_master_key()) as ctx:
        kind, record_id = reports.confirm(ctx, candidate_id, credibility=credibility, edits=changes)
    typer.echo(
        _(
            "candidate %(id)s confirmed: %(kind)s %(record)s",
            id=candidate_id,
            kind=kind,
            record=record_id,
        )
    )


@binds(reports.reject)
@app.command("reject")
def reject_command(
    candidate_id: Annotated[int, typer.Argument(help="The candidate's number.")],
    user: UserOption,
    database: DatabaseOption = None,
) -> None:
    """Reject a candidate: nothing enters the register."""
    with acting_as(open_register(database), user) as ctx:
        reports.reject(ctx, candidate_id)
    typer.echo(_("candidate %(id)s rejected", id=candidate_id))
