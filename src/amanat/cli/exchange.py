"""`amanat export`: what a user may see, as FollowTheMoney, HTCDS, a k-anonymised
CTDC table, GLOTIP indicators, an XLSX workbook or JSON; audited (the action
``export.run``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amanat.actions.door import binds
from amanat.actions.exports import ExportRequest, run_export
from amanat.cli.door import acting_as, optional_master_key
from amanat.cli.language import _, refused
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.exchange.export import ExportFormat, default_name
from amanat.intake.progress import RowProgress


@binds(run_export)
def export_command(
    format: Annotated[ExportFormat, typer.Option("--format", help="What to write.")],
    user: Annotated[str, typer.Option(help="Export what this user may see, as them.")],
    output: Annotated[
        Path | None, typer.Option(help="File to write (default: amanat-FORMAT-DATE.*).")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            help="Headings and labels: en, ru, kk, ky, uz or tg (default: the user's own language)."
        ),
    ] = None,
    k: Annotated[int, typer.Option(help="CTDC: at least k rows share any quasi-identifiers.")] = 11,
    identities_for: Annotated[
        str | None,
        typer.Option(
            help="Include victims' identities for this consent purpose, where the user's "
            "organisation owns the record and the victim consented (case workers only)."
        ),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Export records the user may see; every export is audited."""
    engine = open_register(database)
    path = output or Path(default_name(format.value))
    key = optional_master_key() if identities_for else None
    try:
        # The file takes its name when the command's transaction, with the audit
        # entry, commits: at the end of this block.
        with (
            acting_as(engine, user, key=key) as ctx,
            RowProgress(f"exporting {format.value}") as progress,
        ):
            chosen = lang or ctx.actor.signed_in.language
            request = ExportRequest(format.value, path, chosen, k, identities_for)
            result = run_export(ctx, request, progress.tick)
    except (PermissionError, ValueError) as exc:
        fail(refused(exc))
    kinds = ", ".join(f"{n:,} {kind}" for kind, n in result.kinds.items() if n)
    rows = f"{result.rows:,}"
    typer.echo(
        _(
            "Wrote %(rows)s rows to %(output)s (%(kinds)s).",
            rows=rows,
            output=result.output,
            kinds=kinds or _("nothing visible"),
        )
    )
    if result.identities_released:
        typer.echo(
            _(
                "%(identities_released)s identities included (audited).",
                identities_released=result.identities_released,
            )
        )
