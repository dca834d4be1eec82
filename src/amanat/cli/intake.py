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
from amanat.cli.language import _, choose, language, refused
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.intake.plan import Draft
from amanat.intake.problems import IntakeError
from amanat.intake.profile import load_profile
from amanat.intake.progress import RowProgress
from amanat.intake.report import write_error_report
from amanat.intake.suggest import suggest_profile

SHOWN_ERRORS = 20
Lang = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of messages: en, ru, kk, ky, uz or tg (default: as `amanat --lang`).",
    ),
]


def _summary(result: ImportResult, lang: str) -> None:
    console = Console()
    table = Table(
        title=_(
            "%(file)s: %(description)s, %(rows)s rows",
            file=result.file,
            description=result.description,
            rows=format(result.rows, ","),
        )
    )
    if result.dry_run:
        headings = (_("kind"), _("created (would be)"), _("updated (would be)"))
    else:
        headings = (_("kind"), _("created (were)"), _("updated (were)"))
    for heading in (*headings, _("identities sealed")):
        table.add_column(heading)
    for kind, counts in result.counts.items():
        table.add_row(kind, f"{counts.created:,}", f"{counts.updated:,}", f"{counts.sealed:,}")
    console.print(table)
    if result.skipped:
        console.print(
            _(
                "%(skipped)s rows matched no section of the profile and were skipped",
                skipped=format(result.skipped, ","),
            )
        )
    if result.dry_run:
        for kind, drafts in result.samples.items():
            console.print(_samples(kind, drafts))


def _samples(kind: str, drafts: list[Draft]) -> Table:
    """The first rows as they would be written; a protected identity is never shown."""
    table = Table(title=_("first %(kind)s records as read", kind=kind))
    table.add_column(_("row"))
    table.add_column("id")
    table.add_column(_("fields"))
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
        console.print(
            _(
                "row %(row)s, %(column)r: %(value)r %(reason)s",
                row=error.row,
                column=error.column,
                value=error.value,
                reason=error.reason(lang),
            )
        )
    more = len(result.errors) - SHOWN_ERRORS
    if more > 0:
        console.print(_("... and %(more)s more", more=format(more, ",")))
    stopped = " (stopped early: too many errors)" if result.stopped else ""
    fail(
        _(
            "%(errors)s errors%(stopped)s; nothing was imported. All errors are listed in %(path)s",
            errors=format(len(result.errors), ","),
            stopped=stopped,
            path=path,
        )
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
    lang: Lang = None,
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
    choose(lang)
    if suggest:
        try:
            text = suggest_profile(file)
        except IntakeError as exc:
            fail(exc.message(language()))
        if output is None:
            typer.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
            typer.echo(
                _(
                    "Draft profile written to %(output)s; check every line before importing.",
                    output=output,
                )
            )
        return
    if profile is None or user is None:
        fail(_("give --profile and --user (or --suggest-profile to draft a profile)"))
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
    except ImportRefused as stopped:
        _errors(stopped.result, file, errors, language())
    except IntakeError as exc:
        fail(_("%(problem)s; nothing was imported", problem=exc.message(language())))
    except PermissionError as exc:
        fail(refused(exc))
    _summary(result, language())
    if result.written:
        typer.echo(
            _(
                "Imported %(rows)s rows from %(name)s for %(organisation)s.",
                rows=format(result.rows, ","),
                name=file.name,
                organisation=result.organisation,
            )
        )
    else:
        typer.echo(_("Dry run: nothing was written."))
