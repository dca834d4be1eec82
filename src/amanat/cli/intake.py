"""`amanat import`: import a CSV, XLSX, JSON, JSON Lines or FollowTheMoney file through
a mapping profile, in one transaction, as a named user (the actions ``import.run`` and,
with ``--dry-run``, ``import.check``); or draft a profile for it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from amanat.actions.door import binds
from amanat.actions.intake import (
    ImportRefused,
    ImportRequest,
    ImportResult,
    check_import,
    run_import,
)
from amanat.cli.door import acting_as, optional_master_key
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.intake.plan import Draft
from amanat.intake.problems import IntakeError
from amanat.intake.profile import load_profile
from amanat.intake.progress import RowProgress
from amanat.intake.report import write_error_report
from amanat.intake.suggest import suggest_profile

SHOWN_ERRORS = 20
Lang = Annotated[
    str, typer.Option("--lang", help="Language of messages: en, ru, kk, ky, uz or tg.")
]


def _summary(result: ImportResult, lang: str) -> None:
    console = Console()
    verb = "would be" if result.dry_run else "were"
    table = Table(title=f"{result.file}: {result.description}, {result.rows:,} rows")
    for heading in ("kind", f"created ({verb})", f"updated ({verb})", "identities sealed"):
        table.add_column(heading)
    for kind, counts in result.counts.items():
        table.add_row(kind, f"{counts.created:,}", f"{counts.updated:,}", f"{counts.sealed:,}")
    console.print(table)
    if result.skipped:
        console.print(f"{result.skipped:,} rows matched no section of the profile and were skipped")
    if result.dry_run:
        for kind, drafts in result.samples.items():
            console.print(_samples(kind, drafts))


def _samples(kind: str, drafts: list[Draft]) -> Table:
    """The first rows as they would be written; a protected identity is never shown."""
    table = Table(title=f"first {kind} records as read")
    table.add_column("row")
    table.add_column("id")
    table.add_column("fields")
    for draft in drafts:
        fields = [f"{k}={v}" for k, v in draft.values.items() if v is not None]
        for relation, parts in draft.parts.items():
            fields += [f"{relation}: " + ", ".join(f"{k}={v}" for k, v in p.items()) for p in parts]
        if draft.has_identity:
            fields.append("identity: [sealed]")
        table.add_row(str(draft.row), draft.external_id or "", "; ".join(fields))
    return table


def _errors(result: ImportResult, file: Path, report: Path | None, lang: str) -> None:
    path = report or file.with_name(file.name + ".errors.csv")
    write_error_report(path, result.errors, lang)
    console = Console(stderr=True)
    for error in result.errors[:SHOWN_ERRORS]:
        console.print(f"row {error.row}, {error.column!r}: {error.value!r} {error.reason(lang)}")
    more = len(result.errors) - SHOWN_ERRORS
    if more > 0:
        console.print(f"... and {more:,} more")
    stopped = " (stopped early: too many errors)" if result.stopped else ""
    fail(
        f"{len(result.errors):,} errors{stopped}; nothing was imported. "
        f"All errors are listed in {path}"
    )


@binds(check_import, run_import)
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, JSON, JSON Lines or FtM file.")],
    profile: Annotated[
        str | None,
        typer.Option(help="Mapping profile (YAML; see docs/intake.md), or 'ftm'."),
    ] = None,
    user: Annotated[
        str | None, typer.Option(help="Import as this user, for their organisation.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything, show what would be imported.")
    ] = False,
    suggest: Annotated[
        bool,
        typer.Option("--suggest-profile", help="Write a draft profile guessed from the file."),
    ] = False,
    output: Annotated[
        Path | None, typer.Option(help="Where --suggest-profile writes (default: print).")
    ] = None,
    errors: Annotated[
        Path | None, typer.Option(help="Error report CSV (default: FILE.errors.csv).")
    ] = None,
    lang: Lang = "en",
    tlp: Annotated[str | None, typer.Option(help="TLP marking for every record.")] = None,
    handling: Annotated[str | None, typer.Option(help="Handling code H0-H3.")] = None,
    reliability: Annotated[str | None, typer.Option(help="Source reliability A-F.")] = None,
    credibility: Annotated[str | None, typer.Option(help="Credibility 1-6.")] = None,
    source_kind: Annotated[str | None, typer.Option(help="Kind of source.")] = None,
    distribution: Annotated[
        str | None, typer.Option(help="owner, named, group, community.")
    ] = None,
    group: Annotated[str | None, typer.Option(help="Sharing group (distribution group).")] = None,
    max_errors: Annotated[int, typer.Option(help="Stop checking after this many errors.")] = 1000,
    database: DatabaseOption = None,
) -> None:
    """Import records from a file through a mapping profile: all rows or none."""
    if suggest:
        try:
            text = suggest_profile(file)
        except IntakeError as exc:
            fail(exc.message(lang))
        if output is None:
            typer.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
            typer.echo(f"Draft profile written to {output}; check every line before importing.")
        return
    if profile is None or user is None:
        fail("give --profile and --user (or --suggest-profile to draft a profile)")
    engine = open_register(database)
    try:
        loaded = load_profile(profile)
        marking = loaded.marking.replaced(
            tlp=tlp,
            handling=handling,
            reliability=reliability,
            credibility=credibility,
            source_kind=source_kind,
            distribution=distribution,
            group=group,
        )
        request = ImportRequest(file, loaded, marking, max_errors)
        act = check_import if dry_run else run_import
        with (
            acting_as(engine, user, key=optional_master_key()) as ctx,
            RowProgress(f"importing {file.name}") as progress,
        ):
            result = act(ctx, request, progress.update)
    except ImportRefused as refused:
        _errors(refused.result, file, errors, lang)
    except IntakeError as exc:
        fail(f"{exc.message(lang)}; nothing was imported")
    except PermissionError as exc:
        fail(str(exc))
    _summary(result, lang)
    if result.written:
        typer.echo(f"Imported {result.rows:,} rows from {file.name} for {result.organisation}.")
    else:
        typer.echo("Dry run: nothing was written.")
