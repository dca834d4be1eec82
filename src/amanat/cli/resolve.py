"""`amanat resolve` and `amanat screen`: link records, judge pairs, screen registries.

Listed in ``cli/main.py``'s ``COMMANDS`` as ``resolve`` (the group) and ``screen``.

Every command goes through the door (``amanat.actions.resolution``): ``resolve run``
without ``--user`` and ``resolve status`` as the system operator, the rest as the
user named.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from amanat.actions.door import binds
from amanat.actions.resolution import review as reviewing
from amanat.actions.resolution import running, screening
from amanat.cli.door import acting_as, as_operator, optional_master_key
from amanat.cli.language import _, refused
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.language.i18n import N_
from amanat.resolve.evidence import FieldEvidence
from amanat.resolve.models import Verdict
from amanat.resolve.records import PersonRecord
from amanat.resolve.review import ReviewItem
from amanat.resolve.screening import read_registry, write_hits

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


@app.callback()
def resolve_group() -> None:
    """Resolution: which records are the same person, across agencies and scripts."""


@app.command("run")
@binds(running.run, running.run_as)
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
    asked = running.Asked(engine.value, full, retrain, auto_merge, review)
    register = open_register(database)
    if user is None:
        with as_operator(register) as ctx:
            outcome = running.run(ctx, asked)
    else:
        with acting_as(register, user) as ctx:
            outcome = running.run_as(ctx, asked)
    report = outcome.report
    typer.echo(
        _(
            "Run %(run_id)s (%(mode)s, model %(model_version)s, "
            "%(model_origin)s): %(records)s records, %(new_records)s new; "
            "%(pairs_scored)s pairs scored; %(auto_merged)s merged, "
            "%(queued)s queued for review; %(entities)s entities; "
            "%(seconds)s s",
            run_id=report.run_id,
            mode=report.mode,
            model_version=report.model_version,
            model_origin=report.model_origin,
            records=format(report.records, ","),
            new_records=format(report.new_records, ","),
            pairs_scored=format(report.pairs_scored, ","),
            auto_merged=format(report.auto_merged, ","),
            queued=format(report.queued, ","),
            entities=format(report.entities, ","),
            seconds=format(report.seconds, ".1f"),
        )
    )
    typer.echo(
        "Sharing an identifier (number, IMEI, VIN, plate, registration number), merged: "
        + ", ".join(f"{count:,} {kind} pairs" for kind, count in outcome.identifiers.items())
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
    table = Table(
        title=_(
            "%(number)s. candidate %(candidate_id)s: probability %(score)s",
            number=number,
            candidate_id=item.candidate_id,
            score=format(item.score, ".3f"),
        )
    )
    table.add_column("")
    table.add_column(_("left"))
    table.add_column(_("right"))
    fields = (
        N_("record"),
        N_("name"),
        N_("born"),
        N_("citizenship"),
        N_("documents"),
        N_("phones"),
    )
    for field, left, right in zip(
        fields, _record_lines(item.left), _record_lines(item.right), strict=True
    ):
        table.add_row(_(field), left, right)
    console.print(table)
    for evidence in item.evidence:
        console.print(f"  {_evidence_line(evidence)}")


ANSWERS = {"s": Verdict.same, "d": Verdict.different, "u": Verdict.unsure}


@app.command("review")
@binds(reviewing.queue, reviewing.waiting, reviewing.judge)
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
    with acting_as(register, user) as ctx:
        items = reviewing.queue(ctx, limit)
        waiting = reviewing.waiting(ctx)
    console.print(
        _(
            "%(waiting)s pairs open in the queue for you; %(items)s shown",
            waiting=format(waiting, ","),
            items=len(items),
        )
    )
    for number, item in enumerate(items, start=1):
        _show(console, item, number)
        if not ask:
            continue
        answer = typer.prompt("[s]ame, [d]ifferent, [u]nsure, [n]ext, [q]uit", default="n")
        if answer.lower().startswith("q"):
            break
        verdict = ANSWERS.get(answer.lower()[:1])
        if verdict is not None:
            with acting_as(register, user) as ctx:
                made = reviewing.judge(ctx, item.left.id, item.right.id, verdict)
            console.print(
                _("  judgement %(id)s: %(value)s", id=made.judgement.id, value=verdict.value)
            )


@app.command("judge")
@binds(reviewing.judge)
def judge(
    a: Annotated[int, typer.Argument(help="One person record id.")],
    b: Annotated[int, typer.Argument(help="The other person record id.")],
    verdict: Annotated[Verdict, typer.Argument(help="same, different or unsure.")],
    user: RequiredUser,
    note: Annotated[str | None, typer.Option(help="Why, in a sentence.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Judge two person records the same, different, or say you cannot tell."""
    with acting_as(open_register(database), user) as ctx:
        made = reviewing.judge(ctx, a, b, verdict, note).judgement
    typer.echo(
        _(
            "Judgement %(id)s: %(left_id)s and %(right_id)s are %(value)s",
            id=made.id,
            left_id=made.left_id,
            right_id=made.right_id,
            value=verdict.value,
        )
    )


@app.command("undo")
@binds(reviewing.undo)
def undo(
    judgement_id: Annotated[int, typer.Argument(help="The judgement to undo.")],
    user: RequiredUser,
    database: DatabaseOption = None,
) -> None:
    """Undo a judgement (an analyst's, or an automatic merge); later runs respect it."""
    with acting_as(open_register(database), user) as ctx:
        done = reviewing.undo(ctx, judgement_id).judgement
    typer.echo(
        _(
            "Judgement %(id)s undone (%(left_id)s / %(right_id)s: %(verdict)s)",
            id=done.id,
            left_id=done.left_id,
            right_id=done.right_id,
            verdict=done.verdict,
        )
    )


@app.command("split")
@binds(reviewing.split)
def split(
    record_id: Annotated[int, typer.Argument(help="The person record to take out of its entity.")],
    user: RequiredUser,
    database: DatabaseOption = None,
) -> None:
    """Split a merge: the record leaves its entity and is judged different from the rest."""
    with acting_as(open_register(database), user) as ctx:
        made = reviewing.split(ctx, record_id)
    typer.echo(
        _(
            "Record %(record_id)s split off: %(made)s 'different' judgements recorded",
            record_id=record_id,
            made=len(made),
        )
    )


@app.command("status")
@binds(running.status)
def status(database: DatabaseOption = None) -> None:
    """The current model, the last runs, judgements by kind, the queue and the entities."""
    with as_operator(open_register(database)) as ctx:
        found = running.status(ctx)
    console = Console()
    model = found.model
    console.print(
        _(
            "model: %(version)s",
            version=model.version if model else _("none yet (the first run trains one)"),
        )
    )
    if model:
        console.print(
            _(
                "thresholds: merge ≥ %(auto_merge)s, review ≥ %(review)s",
                auto_merge=model.auto_merge,
                review=model.review,
            )
        )
    runs = Table(title=_("last runs"))
    headings = [N_("run"), N_("mode"), N_("status"), N_("records"), N_("new"), N_("merged")]
    headings += [N_("queued"), "s"]
    for heading in (_(h) for h in headings):
        runs.add_column(heading)
    for r in found.runs:
        runs.add_row(
            str(r.id), r.mode, r.status, f"{r.records:,}", f"{r.new_records:,}",
            f"{r.auto_merged:,}", f"{r.queued:,}", f"{r.seconds or 0:.1f}",
        )  # fmt: skip
    console.print(runs)
    for (source, verdict), n in found.judgements.items():
        console.print(
            _(
                "judgements in force, %(source)s %(verdict)s: %(n)s",
                source=source,
                verdict=verdict,
                n=format(n, ","),
            )
        )
    console.print(_("review queue: %(open_pairs)s open", open_pairs=format(found.open_pairs, ",")))
    console.print(
        _("entities of two or more records: %(entities)s", entities=format(found.entities, ","))
    )


@binds(screening.screening_list, screening.screen)
def screen_command(
    file: Annotated[
        Path, typer.Argument(help="CSV registry: name, birth_date, citizenship, document, phone.")
    ],
    list_name: Annotated[
        str,
        typer.Option(
            "--list", help="The list: wanted, suspects, convicted, officials, victims or all."
        ),
    ],
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
        fail(_("%(file)s is not a file", file=file))
    rows = list(read_registry(file))
    register = open_register(database)
    key = optional_master_key()
    try:
        # The list first, in a transaction of its own: identities revealed for it are
        # in the trail before the (long) screening starts.
        with acting_as(register, user, key=key) as ctx:
            against = screening.screening_list(ctx, list_name, purpose)
    except screening.NoModel as exc:
        fail(refused(exc))
    with acting_as(register, user, key=key) as ctx:
        hits = screening.screen(ctx, against, rows, threshold, engine.value)
    if out is None:
        write_hits(hits, sys.stdout)
    else:
        with out.open("w", encoding="utf-8", newline="") as handle:
            write_hits(hits, handle)
    typer.echo(
        _(
            "%(rows)s rows screened against %(targets)s on the %(list_name)s "
            "list: %(hits)s hits, %(possible)s possible",
            rows=format(len(rows), ","),
            targets=format(len(against.targets), ","),
            list_name=list_name,
            hits=format(sum(h.decision == "hit" for h in hits), ","),
            possible=format(sum(h.decision == "possible" for h in hits), ","),
        ),
        err=True,
    )
