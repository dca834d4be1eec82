"""An analysis written out to files, and the country report: what leaves the system,
each an "export" entry with its scope and row count."""

from __future__ import annotations

from collections.abc import Callable

from amanat.access.roles import Permission
from amanat.actions.database import engine_of
from amanat.actions.door import Context, Scope, action
from amanat.actions.monitoring.scope import Asked, record, scope_of

EXPORT = "export"


@action(
    "analysis.export",
    "Write an analysis the caller has run out to files (JSON, CSV tables, SVG charts)",
    scope=Scope.visible_records,
    permission=Permission.export,
    read_only=True,
    audit=EXPORT,
)
def export(ctx: Context, asked: Asked, what: str, rows: int, write: Callable[[], None]) -> None:
    """``write`` writes the files (the command's own rendering of the analysis); the
    entry is kept only if it succeeds.  ``what``: e.g. "pipeline.json"."""
    write()
    record(ctx, scope_of(ctx, asked), what, rows, entry=EXPORT)


@action(
    "analysis.report",
    "A country report of a year: pipeline, flows, networks and statistics with charts; "
    "publishable (TLP:CLEAR) records only unless internal",
    scope=Scope.visible_records,
    permission=Permission.export,
    read_only=True,
    audit=EXPORT,
)
def report(
    ctx: Context,
    asked: Asked,
    year: int,
    write: Callable[[str], str],
    *,
    lang: str = "en",
    internal: bool = False,
    epsilon: float | None = None,
) -> None:
    """``write`` gets the report's HTML, writes it (as HTML or PDF) and names the format
    written ("html", "pdf") for the entry, which records the report's own period."""
    from amanat.analyze.report.build import ReportRequest, render_html, report_scope

    request = ReportRequest(scope_of(ctx, asked), year, lang, internal, epsilon)
    form = write(render_html(engine_of(ctx), request))
    purpose = "internal" if internal else "publication"
    record(ctx, report_scope(request), f"report.{form}", 1, entry=EXPORT, purpose=purpose)
