"""Monitoring pages: the justice pipeline, flows and statistics for publication,
drawn from ``amanat.analyze`` over what the signed-in user may see.

Every page takes an action of ``amanat.actions.monitoring`` with the filters asked
for; the action looks through the user's own eyes, so each analysis filters every
table it reads by the visibility rule, and each page view is one ``analyze`` entry in
the audit trail, written in the request's transaction.  Analyses need the ``read``
permission.  Charts are the report's SVG, drawn on the server: no chart library in
the browser.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import Response

from amanat.actions.door import allowed, binds
from amanat.actions.monitoring import analyses, exports, networks
from amanat.actions.monitoring.cache import computed_at
from amanat.actions.monitoring.scope import Asked
from amanat.analyze.charts.bars import funnel, grouped_share, yearly_lines
from amanat.analyze.charts.curves import survival_chart
from amanat.analyze.charts.flowmap import flow_map
from amanat.analyze.charts.sankey import sankey
from amanat.analyze.figures import Figures
from amanat.analyze.flowset import FlowSet
from amanat.analyze.report.words import MESSAGES, Words
from amanat.analyze.scope import Scope
from amanat.analyze.survival import Curve
from amanat.language.i18n import N_, date_text
from amanat.service.web import labels
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
# Privacy budgets offered for differentially private counts (OpenDP); none: suppression.
EPSILONS = ("0.5", "1", "2")
FIRST_YEAR, LAST_YEAR = 1990, 2100
HORIZON_DAYS = 3 * 365
TOP_ROUTES = 15
# What each chart shows, read out by screen readers (the chart's ``<desc>``); the
# tables beside the charts hold the same numbers.
STAGES_TOLD = N_(
    "Horizontal bars: the number of cases that reached each stage of the justice "
    "process, and the share of the stage before."
)
TREND_TOLD = N_("Lines: the number of cases reaching each stage, year by year.")
CURVES_TOLD = N_(
    "Curves: the share of cases still waiting for the next stage, by days since the stage before."
)
WHO_TOLD = N_("Bars: the share of people in each group who were convicted.")
SANKEY_TOLD = N_(
    "Bands from the countries victims came from, through the countries they crossed, to "
    "the countries they were taken to; the wider the band, the more victims."
)
MAP_TOLD = N_("Arrows between countries on a map; the thicker the arrow, the more went that way.")


@dataclass(frozen=True)
class Filters:
    """What the user asked for in the query string; anything invalid is dropped."""

    country: str | None = None
    case_type: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    def query(self, **extra: str) -> str:
        pairs = {
            "country": self.country or "",
            "type": self.case_type or "",
            "from": "" if self.year_from is None else str(self.year_from),
            "to": "" if self.year_to is None else str(self.year_to),
            **extra,
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def _year(text: str | None) -> int | None:
    if text and text.strip().isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    return None


def _code(vocab: str, text: str | None) -> str | None:
    code = (text or "").strip()
    return code if code and labels.is_code(vocab, code) else None


def filters(page: Page) -> Filters:
    params = page.request.query_params
    return Filters(
        country=_code("country", (params.get("country") or "").upper()),
        case_type=_code("case_type", params.get("type")),
        year_from=_year(params.get("from")),
        year_to=_year(params.get("to")),
    )


def asked(page: Page) -> Asked:
    """The filters in the query string, for the page's action."""
    found = filters(page)
    return Asked(
        country=found.country,
        case_type=found.case_type,
        year_from=found.year_from,
        year_to=found.year_to,
    )


def words(page: Page) -> Words:
    """Codes (stages, countries, forms) in the page's language."""
    return Words(page.lang)


def country_options(page: Page) -> list[tuple[str, str]]:
    """The countries of the cases the user may see (not every country in the world),
    and the one chosen even when it has none."""
    chosen = filters(page).country
    wanted = set(analyses.countries(page.ctx)) | ({chosen} if chosen else set())
    found = [(c, t) for c, t in labels.options("country", page.lang, blank=False) if c in wanted]
    return [("", "—"), *found]


def base_context(
    page: Page, scope: Scope, section: str, view: object | None = None
) -> dict[str, Any]:
    """What every monitoring page shows (tabs and filters, and when ``view``, the
    analysis shown, was computed); its handler binds ``analyses.countries``."""
    chosen = filters(page)
    at = None if view is None else computed_at(view).strftime("%H:%M")
    return {
        "computed_at": at,
        "w": words(page),
        "country_options": country_options(page),
        "section": section,
        "filters": chosen,
        "query": chosen.query(),
        "networks_allowed": allowed(page.ctx, networks.networks),
        "this_year": scope.as_of.year,
    }


@router.get("/monitor")
@binds(analyses.overview, analyses.countries)
def overview(page: SignedIn) -> Response:
    scope = analyses.overview(page.ctx, asked(page))
    return page.render("monitor.html", base_context(page, scope, "overview"))


def _curve_rows(curves: list[Curve], transition: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": transition(c),
            "n": c.at_risk,
            "events": c.events,
            "median": c.median,
            "low": c.median_low,
            "high": c.median_high,
        }
        for c in curves
    ]


def _trend_rows(trend: dict[str, dict[int, int]], as_of: dt.date) -> list[dict[str, Any]]:
    """Year by year, with the change from the year before for each stage.  The year
    of ``as_of`` is partial until its last day: it is marked so, and given no change
    (a year a quarter through is not "-75 %")."""
    years = sorted({y for per_year in trend.values() for y in per_year})
    partial = as_of.year if as_of < dt.date(as_of.year, 12, 31) else None
    rows = []
    for year in years:
        cells = []
        for per_year in trend.values():
            now, before = per_year.get(year, 0), per_year.get(year - 1)
            change = (now - before) / before if before and year != partial else None
            cells.append((now, change))
        rows.append({"year": year, "partial": year == partial, "cells": cells})
    return rows


def _years(trend: dict[str, dict[int, int]]) -> set[int]:
    return {y for per_year in trend.values() for y in per_year}


@router.get("/monitor/pipeline")
@binds(analyses.pipeline, analyses.countries)
def pipeline(page: SignedIn) -> Response:
    view = analyses.pipeline(page.ctx, asked(page))
    scope = view.scope
    w = words(page)

    def transition(curve: Curve) -> str:
        return f"{w.stage(curve.start)} → {' / '.join(w.stage(s) for s in curve.end)}"

    trend = view.trend()
    figures = Figures(page.lang)
    context = {
        **base_context(page, scope, "pipeline", view),
        "funnel": view.funnel(),
        "funnel_svg": funnel(
            view.funnel(),
            w.stage,
            page._("Justice pipeline: cases at each stage"),
            figures=figures,
            description=page._(STAGES_TOLD),
        ),
        "trend_svg": yearly_lines(
            trend,
            w.stage,
            page._("Year on year: cases reaching each stage"),
            description=page._(TREND_TOLD),
            figures=figures,
            partial=scope.as_of if scope.as_of.year in _years(trend) else None,
            partial_label=page._("to %(date)s") % {"date": date_text(scope.as_of, page.lang)},
        ),
        "trend_stages": list(trend),
        "trend_rows": _trend_rows(trend, scope.as_of),
        "as_of": scope.as_of,
        "curves_svg": survival_chart(
            view.curves,
            transition,
            HORIZON_DAYS,
            page._("Time from each stage to the next"),
            figures=figures,
            description=page._(CURVES_TOLD),
        ),
        "curves": _curve_rows(view.curves, transition),
        "who_svg": grouped_share(
            [(r.category, r.rate("convicted")) for r in view.reach],
            w.category,
            page._("Who reaches conviction"),
            figures=figures,
            description=page._(WHO_TOLD),
        ),
        "reach": view.reach,
        "seizures": view.seizures.table().rows,
        "victims": view.victims.table().rows,
    }
    return page.render("monitor_pipeline.html", context)


def _breakdown(victims: FlowSet, by: dict[str, dict[str, FlowSet]], chosen: str) -> FlowSet:
    dimension, _, value = chosen.partition(":")
    return by.get(dimension, {}).get(value, victims)


def _routes(flows: FlowSet, w: Words) -> list[tuple[str, str, str, float]]:
    """The largest routes in words; several transit countries joined by arrows."""
    rows = []
    for origin, transit, destination, amount in flows.path_table().rows[:TOP_ROUTES]:
        transits = " → ".join(w.code(c) for c in str(transit).split(" > "))
        rows.append((w.code(str(origin)), transits, w.code(str(destination)), float(amount or 0)))
    return rows


@router.get("/monitor/flows")
@binds(analyses.flows, analyses.countries)
def flows(page: SignedIn) -> Response:
    view = analyses.flows(page.ctx, asked(page))
    scope = view.scope
    w = words(page)
    figures = Figures(page.lang)
    by = view.breakdowns()
    chosen = page.request.query_params.get("victims", "")
    victims = _breakdown(view.victims, by, chosen)
    columns = [page._("Origin"), page._("Transit"), page._("Destination")]
    context = {
        **base_context(page, scope, "flows", view),
        "breakdowns": [
            (f"{dimension}:{value}", f"{w.code(dimension)}: {w.code(value)}")
            for dimension, values in by.items()
            for value in values
        ],
        "chosen": chosen,
        "victim_total": victims.total(),
        "sankey_svg": sankey(
            victims.sankey_links(),
            w.code,
            columns,
            page._("Victims: origin, transit and destination countries"),
            figures=figures,
            description=page._(SANKEY_TOLD),
        ),
        "victim_map_svg": flow_map(
            victims.segments(),
            w.code,
            page._("Map of the routes victims were moved along"),
            figures=figures,
            description=page._(MAP_TOLD),
        ),
        "drug_map_svg": flow_map(
            view.drugs.segments(),
            w.code,
            page._("Map of the routes of the drugs seized"),
            colour="#1f5f8b",
            figures=figures,
            description=page._(MAP_TOLD),
        ),
        "victim_routes": _routes(victims, w),
        "drug_routes": _routes(view.drugs, w),
        "arms_routes": _routes(view.arms, w),
    }
    return page.render("monitor_flows.html", context)


def published_year(page: Page) -> int:
    """The statistics' year asked for; the last whole year by default."""
    return _year(page.request.query_params.get("year")) or dt.date.today().year - 1


def epsilon_of(page: Page) -> float | None:
    """The privacy budget asked for, when it is one of those offered."""
    chosen = page.request.query_params.get("epsilon", "")
    return float(chosen) if chosen in EPSILONS else None


@router.get("/monitor/statistics")
@binds(analyses.statistics, analyses.countries, exports.export, exports.report)
def statistics(page: SignedIn) -> Response:
    """Indicator tables as they would be published: TLP:CLEAR records only,
    small counts suppressed — what ``amanat stats-publish`` writes."""
    year, epsilon = published_year(page), epsilon_of(page)
    chosen = page.request.query_params.get("epsilon", "")
    published = analyses.statistics(page.ctx, asked(page), year, epsilon)
    w = words(page)
    tables = [
        {
            "title": w(table.name) if table.name in MESSAGES else table.title,
            "header": [w.code(str(c)) for c in table.columns[1:]],
            "rows": [(w.code(str(row[0])), row[1:]) for row in table.rows],
            "withheld": table.note.startswith("withheld"),
        }
        for table in published.tables
    ]
    context = {
        **base_context(page, published.scope, "statistics", published.tables),
        "year": year,
        "tables": tables,
        "epsilons": EPSILONS,
        "epsilon": chosen if epsilon is not None else "",
        "names": [table.name for table in published.tables],
        "downloads": allowed(page.ctx, exports.export),
        "report_allowed": allowed(page.ctx, exports.report),
        "report_year": year,
        "download_query": filters(page).query(year=str(year), epsilon=chosen),
    }
    return page.render("monitor_statistics.html", context)
