"""`amanat resolve` and `amanat screen`: link records, judge pairs, screen registries.

Register in ``cli/main.py`` with::

    app.add_typer(resolve.app, name="resolve")
    app.command("screen")(resolve.screen_command)
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amanat.access.accounts import AccountError, user_by_name
from amanat.access.key_file import KeyLoadError
from amanat.access.roles import Permission, PermissionDenied, Role, require
from amanat.access.sharing import NotFound
from amanat.access.vault import MasterKey, load_master_key
from amanat.access.visibility import Viewer
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.resolve import judgements as judging
from amanat.resolve.backends import open_backend
from amanat.resolve.evidence import FieldEvidence
from amanat.resolve.identifiers import link_identifiers
from amanat.resolve.lists import LISTS, UnknownList, list_records
from amanat.resolve.model_store import current_model
from amanat.resolve.models import EntityMember, Judgement, ResolutionRun, Verdict
from amanat.resolve.records import PersonRecord
from amanat.resolve.review import ReviewItem, next_items, open_count
from amanat.resolve.run import KIND, RunOptions, resolve
from amanat.resolve.screening import audit_hits, read_registry, screen, write_hits
from amanat.store.engine import session_factory, transaction
from amanat.store.settings import get_settings

app = typer.Typer(
    help="Resolution: which records are the same person, across agencies and scripts.",
    no_args_is_help=True,
)


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


UserOption = Annotated[
    str | None,
    typer.Option(
        "--user", "-u", help="Act as this user: read only what they may see.", show_default=False
    ),
]
RequiredUser = Annotated[
    str, typer.Option("--user", "-u", help="The analyst acting (judgements are by a user).")
]
EngineOption = Annotated[
    Engine, typer.Option(help="duckdb on this machine, or spark for data beyond one machine.")
]


def _viewer(session: Session, username: str) -> Viewer:
    try:
        user = user_by_name(session, username)
    except AccountError as exc:
        fail(str(exc))
    if not user.is_active:
        fail(f"user {username} is disabled")
    return Viewer(user.id, user.org_id, Role(user.role))


def _reviewer(session: Session, username: str) -> Viewer:
    """The acting user, who must be allowed to resolve (analysts) to see the queue;
    judging checks the same permission itself (``amanat.resolve.judgements``)."""
    viewer = _viewer(session, username)
    try:
        require(viewer.role, Permission.resolve, "resolution")
    except PermissionDenied as exc:
        fail(str(exc))
    return viewer


@app.callback()
def resolve_group() -> None:
    """Resolution: which records are the same person, across agencies and scripts."""


@app.command("run")
def run(
    user: UserOption = None,
    engine: EngineOption = Engine.duckdb,
    full: Annotated[
        bool, typer.Option(help="Score every pair again, not only new records.")
    ] = False,
    retrain: Annotated[bool, typer.Option(help="Train a new model version first.")] = False,
    auto_merge: Annotated[
        float | None, typer.Option(help="Merge pairs at or above this probability.")
    ] = None,
    review: Annotated[
        float | None, typer.Option(help="Queue pairs at or above this probability for review.")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Deduplicate the register, or link the records added since the last run.

    Without --user the run covers every linkable record (the regional centre's job);
    with --user only the records that user may see.  Protected persons are never linked.
    """
    register = open_register(database)
    viewer = None
    if user is not None:
        with session_factory(register)() as session:
            viewer = _viewer(session, user)
    options = RunOptions(
        engine=engine.value,
        viewer=viewer,
        user_id=viewer.user_id if viewer else None,
        full=full or retrain,
        retrain=retrain,
        auto_merge=auto_merge,
        review=review,
    )
    report = resolve(register, options)
    typer.echo(
        f"Run {report.run_id} ({report.mode}, model {report.model_version}, "
        f"{report.model_origin}): {report.records:,} records, "
        f"{report.new_records:,} new; {report.pairs_scored:,} pairs scored; "
        f"{report.auto_merged:,} merged, {report.queued:,} queued for review; "
        f"{report.entities:,} entities; {report.seconds:.1f} s"
    )
    with transaction(register) as session:
        made = link_identifiers(session, viewer)
    typer.echo(
        "Sharing an identifier (number, IMEI, VIN, plate, registration number), merged: "
        + ", ".join(f"{count:,} {kind} pairs" for kind, count in made.items())
    )


def _record_lines(record: PersonRecord) -> list[str]:
    date = "-".join(
        f"{v:02d}" for v in (record.birth_year, record.birth_month, record.birth_day) if v
    )
    return [
        f"#{record.id}",
        record.name or "—",
        date or "—",
        ", ".join(record.citizenships) or "—",
        ", ".join(number for _, number in record.documents) or "—",
        ", ".join(record.phones) or "—",
    ]


def _evidence_line(evidence: FieldEvidence) -> str:
    score = "no evidence" if evidence.score is None else f"{evidence.score:.2f}"
    return f"{evidence.field} ({score}): {'; '.join(evidence.reasons)}"


def _show(console: Console, item: ReviewItem, number: int) -> None:
    table = Table(title=f"{number}. candidate {item.candidate_id}: probability {item.score:.3f}")
    table.add_column("")
    table.add_column("left")
    table.add_column("right")
    fields = ("record", "name", "born", "citizenship", "documents", "phones")
    for field, left, right in zip(
        fields, _record_lines(item.left), _record_lines(item.right), strict=True
    ):
        table.add_row(field, left, right)
    console.print(table)
    for evidence in item.evidence:
        console.print(f"  {_evidence_line(evidence)}")


ANSWERS = {"s": Verdict.same, "d": Verdict.different, "u": Verdict.unsure}


@app.command("review")
def review_command(
    user: RequiredUser,
    limit: Annotated[int, typer.Option(help="How many pairs to show.")] = 10,
    interactive: Annotated[
        bool | None,
        typer.Option(help="Ask for a judgement after each pair (default: when in a terminal)."),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Show queued pairs side by side with the reason each field agrees or not; judge them."""
    register = open_register(database)
    ask = sys.stdin.isatty() if interactive is None else interactive
    console = Console()
    with transaction(register) as session:
        viewer = _reviewer(session, user)
        items = next_items(session, viewer, limit)
        console.print(f"{open_count(session):,} pairs open in the queue; {len(items)} shown")
    for number, item in enumerate(items, start=1):
        _show(console, item, number)
        if not ask:
            continue
        answer = typer.prompt("[s]ame, [d]ifferent, [u]nsure, [n]ext, [q]uit", default="n")
        if answer.lower().startswith("q"):
            break
        verdict = ANSWERS.get(answer.lower()[:1])
        if verdict is not None:
            with transaction(register) as session:
                made = judging.judge(session, viewer, KIND, item.left.id, item.right.id, verdict)
            console.print(f"  judgement {made.id}: {verdict.value}")


@app.command("judge")
def judge(
    a: Annotated[int, typer.Argument(help="One person record id.")],
    b: Annotated[int, typer.Argument(help="The other person record id.")],
    verdict: Annotated[Verdict, typer.Argument(help="same, different or unsure.")],
    user: RequiredUser,
    note: Annotated[str | None, typer.Option(help="Why, in a sentence.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Judge two person records the same, different, or say you cannot tell."""
    register = open_register(database)
    try:
        with transaction(register) as session:
            made = judging.judge(session, _viewer(session, user), KIND, a, b, verdict, note)
    except (NotFound, PermissionDenied, judging.JudgementError) as exc:
        fail(str(exc))
    typer.echo(f"Judgement {made.id}: {made.left_id} and {made.right_id} are {verdict.value}")


@app.command("undo")
def undo(
    judgement_id: Annotated[int, typer.Argument(help="The judgement to undo.")],
    user: RequiredUser,
    database: DatabaseOption = None,
) -> None:
    """Undo a judgement (an analyst's, or an automatic merge); later runs respect it."""
    register = open_register(database)
    try:
        with transaction(register) as session:
            done = judging.undo(session, _viewer(session, user), judgement_id)
    except (NotFound, PermissionDenied) as exc:
        fail(str(exc))
    typer.echo(f"Judgement {done.id} undone ({done.left_id} / {done.right_id}: {done.verdict})")


@app.command("split")
def split(
    record_id: Annotated[int, typer.Argument(help="The person record to take out of its entity.")],
    user: RequiredUser,
    database: DatabaseOption = None,
) -> None:
    """Split a merge: the record leaves its entity and is judged different from the rest."""
    register = open_register(database)
    try:
        with transaction(register) as session:
            made = judging.split(session, _viewer(session, user), KIND, record_id)
    except (NotFound, PermissionDenied, judging.JudgementError) as exc:
        fail(str(exc))
    typer.echo(f"Record {record_id} split off: {len(made)} 'different' judgements recorded")


@app.command("status")
def status(database: DatabaseOption = None) -> None:
    """The current model, the last runs, judgements by kind, the queue and the entities."""
    register = open_register(database)
    console = Console()
    with session_factory(register)() as session:
        model = current_model(session, KIND)
        console.print(f"model: {model.version if model else 'none yet (the first run trains one)'}")
        if model:
            console.print(f"thresholds: merge ≥ {model.auto_merge}, review ≥ {model.review}")
        runs = Table(title="last runs")
        for heading in ("run", "mode", "status", "records", "new", "merged", "queued", "s"):
            runs.add_column(heading)
        query = select(ResolutionRun).order_by(ResolutionRun.id.desc()).limit(5)
        for r in session.scalars(query):
            runs.add_row(
                str(r.id), r.mode, r.status, f"{r.records:,}", f"{r.new_records:,}",
                f"{r.auto_merged:,}", f"{r.queued:,}", f"{r.seconds or 0:.1f}",
            )  # fmt: skip
        console.print(runs)
        counts = select(Judgement.source, Judgement.verdict, func.count()).where(
            Judgement.undone_at.is_(None)
        )
        for source, verdict, n in session.execute(
            counts.group_by(Judgement.source, Judgement.verdict)
        ):
            console.print(f"judgements in force, {source} {verdict}: {n:,}")
        entities = select(func.count(func.distinct(EntityMember.entity_id)))
        console.print(f"review queue: {open_count(session):,} open")
        console.print(f"entities of two or more records: {session.scalar(entities) or 0:,}")


def _master_key() -> MasterKey | None:
    try:
        return load_master_key(get_settings().master_key_file, os.environ)
    except KeyLoadError:
        return None


def screen_command(
    file: Annotated[
        Path, typer.Argument(help="CSV registry: name, birth_date, citizenship, document, phone.")
    ],
    list_name: Annotated[str, typer.Option("--list", help=f"One of: {', '.join(LISTS)}.")],
    user: RequiredUser,
    out: Annotated[Path | None, typer.Option(help="Write hits here (CSV); default stdout.")] = None,
    threshold: Annotated[
        float | None, typer.Option(help="Lowest probability reported (default: the review one).")
    ] = None,
    purpose: Annotated[
        str, typer.Option(help="Purpose for revealing victims' identities (victims list).")
    ] = "assistance",
    engine: EngineOption = Engine.duckdb,
    database: DatabaseOption = None,
) -> None:
    """Screen a large outside registry against a list held in the register.

    Writes candidate hits with probability, decision and reasons, within what the user
    may see.  Each hit is written to the audit trail.
    """
    if not file.is_file():
        fail(f"{file} is not a file")
    register = open_register(database)
    with transaction(register) as session:
        viewer = _viewer(session, user)
        model = current_model(session, KIND)
        if model is None:
            fail("no linkage model yet: run `amanat resolve run` first")
        try:
            targets = list_records(
                session, viewer, list_name, master=_master_key(), purpose=purpose
            )
        except UnknownList as exc:
            fail(str(exc))
    rows = list(read_registry(file))
    backend = open_backend(engine.value)
    try:
        hits = screen(backend, rows, targets, model, threshold)
    finally:
        backend.close()
    with transaction(register) as session:
        audit_hits(session, viewer, list_name, len(rows), hits)
    if out is None:
        write_hits(hits, sys.stdout)
    else:
        with out.open("w", encoding="utf-8", newline="") as handle:
            write_hits(hits, handle)
    typer.echo(
        f"{len(rows):,} rows screened against {len(targets):,} on the {list_name} list: "
        f"{sum(h.decision == 'hit' for h in hits):,} hits, "
        f"{sum(h.decision == 'possible' for h in hits):,} possible",
        err=True,
    )
