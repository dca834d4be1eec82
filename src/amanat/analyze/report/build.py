"""The country report: pipeline, flows, networks and statistics with charts, in
English or Russian, as HTML (charts inline as SVG) or PDF.

For publication (the default) every analysis runs with ``publishable_only`` —
TLP:CLEAR records only — the statistics are suppressed, and networks appear only
as counts.  ``internal=True`` runs over everything the user may see and says so on
every page.  The pipeline covers the five cohorts up to the report year (one year
of cases is mostly still open); flows and statistics are those of the report year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jinja2 import Environment, select_autoescape
from sqlalchemy import Engine

from amanat.analyze.charts.bars import funnel, grouped_share, yearly_lines
from amanat.analyze.charts.curves import survival_chart
from amanat.analyze.charts.flowmap import flow_map
from amanat.analyze.charts.sankey import sankey
from amanat.analyze.flow_view import flow_view
from amanat.analyze.justice import justice_view
from amanat.analyze.network.analysis import analyse_networks
from amanat.analyze.network.overlap import cross_type
from amanat.analyze.report.messages import Words
from amanat.analyze.scope import Scope
from amanat.analyze.statistics import indicator_tables
from amanat.analyze.tabular import Table, shown

COHORT_YEARS = 5
HORIZON_DAYS = 3 * 365


@dataclass(frozen=True)
class ReportRequest:
    scope: Scope  # viewer, country; years are set from ``year``
    year: int
    lang: str = "en"
    internal: bool = False
    epsilon: float | None = None  # differentially private statistics instead of suppression


def _environment() -> Environment:
    env = Environment(
        autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True
    )
    env.filters["n"] = shown
    return env


def _template() -> str:
    return (
        resources.files("amanat.analyze.report")
        .joinpath("templates/report.html.j2")
        .read_text("utf-8")
    )


def _localised(table: Table, words: Words, epsilon: float | None) -> dict[str, Any]:
    """A published table with its title and codes (rows and columns) put into words."""
    rows = [[words.code(str(row[0])), *row[1:]] for row in table.rows]
    header = ["", *(words.code(c) for c in table.columns[1:])]
    note = words("dp_note", epsilon=epsilon) if epsilon is not None else ""
    if table.note.startswith("withheld"):
        note = words("withheld")
    return {"title": words(table.name), "note": note, "header": header, "rows": rows}


def context(engine: Engine, request: ReportRequest) -> dict[str, Any]:
    words = Words(request.lang)
    base = request.scope.narrowed(publishable_only=not request.internal)
    cohorts = base.narrowed(year_from=request.year - COHORT_YEARS + 1, year_to=request.year)
    year = base.narrowed(year_from=request.year, year_to=request.year)
    justice = justice_view(engine, cohorts)
    flows = flow_view(engine, year)
    networks = analyse_networks(engine, cohorts.narrowed(case_type=None), top=10)
    overlap = cross_type(engine, cohorts, networks)
    stats = indicator_tables(engine, year)
    country = request.scope.country or ""

    def transition(curve: Any) -> str:
        return f"{words.stage(curve.start)} → {' / '.join(words.stage(s) for s in curve.end)}"

    return {
        "w": words,
        "lang": request.lang,
        "internal": request.internal,
        "country": words.country(country) if country else "",
        "year": request.year,
        "cohorts": f"{cohorts.year_from}–{cohorts.year_to}",
        "generated": dt.date.today().isoformat(),
        "as_of": base.as_of.isoformat(),
        "funnel_svg": funnel(justice.funnel(), words.stage),
        "funnel": justice.funnel(),
        "trend_svg": yearly_lines(justice.trend(), words.stage),
        "curves_svg": survival_chart(justice.curves, transition, HORIZON_DAYS),
        "curves": [(transition(c), c) for c in justice.curves],
        "who_svg": grouped_share(
            [(r.category, r.rate("convicted")) for r in justice.reach], words.category
        ),
        "reach": justice.reach,
        "seizures": justice.seizures.table().rows,
        "victims": justice.victims.table().rows,
        "sankey_svg": sankey(
            flows.victims.sankey_links(),
            words.country,
            [words("origin"), words("transit"), words("destination")],
        ),
        "victim_map_svg": flow_map(flows.victims.segments(), words.country),
        "drug_map_svg": flow_map(flows.drugs.segments(), words.country, colour="#1f5f8b"),
        "arms": flows.arms.path_table().rows[:15],
        "networks": networks,
        "overlap": overlap,
        "network_summary": words(
            "networks_summary",
            found=networks.networks_found,
            overlap=len(overlap),
            basis=networks.basis,
        ),
        "statistics": [
            _localised(t.published(request.epsilon), words, request.epsilon) for t in stats
        ],
    }


def render_html(engine: Engine, request: ReportRequest) -> str:
    return _environment().from_string(_template()).render(**context(engine, request))


def render_pdf(html: str) -> bytes:
    """The same HTML as a PDF (WeasyPrint; fonts from the system's fontconfig)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
