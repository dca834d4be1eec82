"""The justice pipeline, flows and indicator statistics over what the caller may see,
each audited once with its scope and row count."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select

from amanat.access.roles import Permission
from amanat.actions.database import engine_of
from amanat.actions.door import Context, Scope, action
from amanat.actions.monitoring.cache import kept
from amanat.actions.monitoring.scope import Asked, record, scope_of
from amanat.analyze import scope as analysis_scope
from amanat.analyze.flow_view import FlowView, flow_view
from amanat.analyze.justice import JusticeView, justice_view
from amanat.analyze.statistics import indicator_tables
from amanat.analyze.tabular import Table
from amanat.register import Case

ANALYZE = "analyze"


@action(
    "analysis.overview",
    "What the caller's analyses look at: their own eyes with the filters given (the "
    "monitoring pages' start)",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    unaudited_because="it names the analyses on offer and reads no record",
)
def overview(ctx: Context, asked: Asked) -> analysis_scope.Scope:
    return scope_of(ctx, asked)


@action(
    "analysis.countries",
    "The countries (jurisdictions) of the cases the caller may see: what the monitoring "
    "pages offer to filter by",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    unaudited_because="it lists country codes only, never a record",
)
def countries(ctx: Context) -> list[str]:
    scope = scope_of(ctx, Asked())
    # Each country of the register, if one case of it is visible: the first found
    # will do, where testing every case of a region took most of a warm page's time.
    codes = select(Case.jurisdiction).distinct().subquery()
    seen = exists().where(Case.jurisdiction == codes.c.jurisdiction, scope.admits(Case))
    found = ctx.session.scalars(select(codes.c.jurisdiction).where(seen))
    return sorted(str(code) for code in found if code)


@action(
    "analysis.pipeline",
    "The justice pipeline: stages, conversions, year on year, times between stages, who "
    "reaches conviction, over the cases the caller may see",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit=ANALYZE,
)
def pipeline(ctx: Context, asked: Asked) -> JusticeView:
    scope = scope_of(ctx, asked)
    view: JusticeView = kept(ctx, "pipeline", scope, lambda: justice_view(engine_of(ctx), scope))
    record(ctx, scope, "pipeline", sum(len(t.rows) for t in view.tables()), entry=ANALYZE)
    return view


@action(
    "analysis.flows",
    "Origin, transit and destination of victims, drugs and arms, over the records the "
    "caller may see",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit=ANALYZE,
)
def flows(ctx: Context, asked: Asked) -> FlowView:
    scope = scope_of(ctx, asked)
    view: FlowView = kept(ctx, "flows", scope, lambda: flow_view(engine_of(ctx), scope))
    record(ctx, scope, "flows", sum(len(t.rows) for t in view.tables()), entry=ANALYZE)
    return view


@dataclass(frozen=True)
class Published:
    scope: analysis_scope.Scope  # the year's, publishable records only
    tables: list[Table]


def _published(ctx: Context, asked: Asked, year: int, epsilon: float | None) -> Published:
    """TLP:CLEAR records of the year only, small counts suppressed (or differentially
    private with ``epsilon``); raises RuntimeError when OpenDP is missing."""
    scope = scope_of(ctx, asked).narrowed(year_from=year, year_to=year, publishable_only=True)

    def compute() -> list[Table]:
        return [t.published(epsilon) for t in indicator_tables(engine_of(ctx), scope)]

    # Kept too with a privacy budget: asking again gets the same noisy counts, not
    # fresh noise that averaged over views would give the true ones away.
    tables: list[Table] = kept(ctx, "statistics", scope, compute, epsilon)
    record(ctx, scope, "statistics", sum(len(t.rows) for t in tables), entry=ANALYZE)
    return Published(scope, tables)


@action(
    "analysis.statistics",
    "Indicator tables of a year as they would be published: TLP:CLEAR records only, "
    "small counts suppressed (or differentially private counts)",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit=ANALYZE,
)
def statistics(ctx: Context, asked: Asked, year: int, epsilon: float | None = None) -> Published:
    return _published(ctx, asked, year, epsilon)


@action(
    "statistics.publish",
    "Indicator tables of a year for publication (files written from them are exports): "
    "TLP:CLEAR records only, disclosure-controlled",
    scope=Scope.visible_records,
    permission=Permission.export,
    read_only=True,
    audit=ANALYZE,
)
def publish(ctx: Context, asked: Asked, year: int, epsilon: float | None = None) -> Published:
    return _published(ctx, asked, year, epsilon)
