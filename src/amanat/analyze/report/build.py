"""The country report: pipeline, flows, networks and statistics with charts, in any
of Amanat's languages (``amanat.language``: en, ru, kk, ky, uz, tg), as HTML (charts
inline as SVG) or PDF.

One period per report: the ``years`` years up to the report year (five by default:
one year of cases is mostly still open, and the pipeline's year-on-year chart needs
several).  Every section covers that period and says so; what the period selects
differs by section and is stated too (cases opened, victims identified, seizures
made).  People are resolved people throughout (``amanat.analyze.network.canonical``),
and the report says whether resolution had anything to say.

For publication (the default) every analysis runs with ``publishable_only`` —
TLP:CLEAR records only — the statistics are suppressed, and networks appear only
as counts.  ``internal=True`` runs over everything the user may see and says so on
every page.  Numbers and dates are written for the language (Babel).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jinja2 import Environment, select_autoescape
from sqlalchemy import Engine

from amanat.analyze.charts.bars import funnel, grouped_share, yearly_lines
from amanat.analyze.charts.curves import survival_chart
from amanat.analyze.charts.flowmap import flow_map
from amanat.analyze.charts.sankey import sankey
from amanat.analyze.charts.svg import OKABE_ITO
from amanat.analyze.figures import DASH, Figures
from amanat.analyze.flow_view import flow_view
from amanat.analyze.justice import JusticeView, justice_view
from amanat.analyze.network.analysis import analyse_networks
from amanat.analyze.network.canonical import load_canonical
from amanat.analyze.network.overlap import cross_type
from amanat.analyze.outcomes import Reach
from amanat.analyze.report.words import Words
from amanat.analyze.scope import Scope
from amanat.analyze.statistics import indicator_tables
from amanat.analyze.survival import Curve
from amanat.analyze.tabular import Cell, Table

PERIOD_YEARS = 5
HORIZON_DAYS = 3 * 365


@dataclass(frozen=True)
class ReportRequest:
    scope: Scope  # viewer, country; years are set from ``year`` and ``years``
    year: int
    lang: str = "en"
    internal: bool = False
    epsilon: float | None = None  # differentially private statistics instead of suppression
    years: int = PERIOD_YEARS  # the period: this many years up to ``year``


def report_scope(request: ReportRequest) -> Scope:
    """The report's one period and the records it may draw on: every section's scope."""
    if request.years < 1:
        raise ValueError(f"years must be at least 1, not {request.years!r}")
    return request.scope.narrowed(
        year_from=request.year - request.years + 1,
        year_to=request.year,
        publishable_only=not request.internal,
    )


def _environment(figures: Figures) -> Environment:
    env = Environment(
        autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True
    )
    env.filters["n"] = figures.cell
    env.filters["share"] = figures.share
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


def measure(key: str, value: Cell, figures: Figures) -> str:
    """A seizure measure as its kind of number: a share, kilograms or a ratio, a count."""
    if value is None or isinstance(value, str | bool):
        return DASH if value is None else str(value)
    if key.endswith("_share_of_prosecuted"):
        return figures.share(float(value))
    if key.startswith("kg") or "_per_" in key:
        return figures.amount(float(value), 2)
    return figures.count(value)


def interval(low: float | None, high: float | None, figures: Figures) -> str:
    """A 95 % interval in days; an end never reached is open ("≥ 57")."""
    if low is None and high is None:
        return DASH
    if high is None:
        return f"≥ {figures.count(low or 0)}"
    if low is None:
        return f"≤ {figures.count(high)}"
    return f"{figures.count(low)} – {figures.count(high)}"


def _curve_rows(
    curves: list[Curve], name: Callable[[Curve], str], words: Words, figures: Figures
) -> list[list[str]]:
    return [
        [
            name(c),
            figures.count(c.at_risk),
            words("not_reached") if c.median is None else figures.count(c.median),
            interval(c.median_low, c.median_high, figures),
        ]
        for c in curves
    ]


def _reach_rows(reach: list[Reach], words: Words, figures: Figures) -> list[list[str]]:
    stages = ("suspect_identified", "arrested", "prosecuted", "convicted")
    return [
        [
            words.category(r.category),
            figures.count(r.persons),
            *(figures.count(r.reached[s]) for s in stages),
            figures.share(r.rate("convicted")),
        ]
        for r in reach
    ]


def _pipeline(justice: JusticeView, words: Words, figures: Figures, scope: Scope) -> dict[str, Any]:
    def transition(curve: Any) -> str:
        return f"{words.stage(curve.start)} → {' / '.join(words.stage(s) for s in curve.end)}"

    stages = justice.funnel()
    return {
        "funnel_svg": funnel(stages, words.stage, words("pipeline"), figures=figures),
        "funnel": stages,
        "trend_svg": yearly_lines(
            justice.trend(),
            words.stage,
            words("trend"),
            years=scope.years(),
            figures=figures,
            no_records=words("no_records"),
        ),
        "curves_svg": survival_chart(
            justice.curves, transition, HORIZON_DAYS, words("times"), figures=figures
        ),
        "curves": _curve_rows(justice.curves, transition, words, figures),
        "who_svg": grouped_share(
            [(r.category, r.rate("convicted")) for r in justice.reach],
            words.category,
            words("who"),
            figures=figures,
        ),
        "reach": _reach_rows(justice.reach, words, figures),
        "seizures": [(k, measure(str(k), v, figures)) for k, v in justice.seizures.table().rows],
        "victims": justice.victims.table().rows,
    }


def context(engine: Engine, request: ReportRequest) -> dict[str, Any]:
    words = Words(request.lang)
    figures = Figures(words.lang)
    period = report_scope(request)
    canonical = load_canonical(engine, period.viewer)
    justice = justice_view(engine, period)
    flows = flow_view(engine, period)
    networks = analyse_networks(engine, period.narrowed(case_type=None), 10, canonical)
    overlap = cross_type(engine, period, networks)
    stats = indicator_tables(engine, period)
    country = request.scope.country or ""
    years = words.period(period.year_from or request.year, period.year_to or request.year)
    columns = [words("origin"), words("transit"), words("destination")]
    return {
        "w": words,
        "lang": words.lang,
        "internal": request.internal,
        "country": words.country(country) if country else "",
        "period": years,
        "generated": figures.date(dt.date.today()),
        "as_of": figures.date(period.as_of),
        "basis": words("people_basis", basis=words(f"basis_{canonical.basis}")),
        **_pipeline(justice, words, figures, period),
        "sankey_svg": sankey(
            flows.victims.sankey_links(),
            words.country,
            columns,
            words("victim_flows"),
            figures=figures,
            other=words("other_countries"),
            no_flows=words("no_records"),
        ),
        "victim_map_svg": flow_map(
            flows.victims.segments(),
            words.country,
            words("map_victims"),
            figures=figures,
            caption=words("map_victims"),
            no_flows=words("no_records"),
        ),
        "drug_map_svg": flow_map(
            flows.drugs.segments(),
            words.country,
            words("map_drugs"),
            colour=OKABE_ITO["blue"],
            figures=figures,
            caption=words("map_drugs"),
            no_flows=words("no_records"),
        ),
        "arms": flows.arms.path_table().rows[:15],
        "networks": networks,
        "overlap": overlap,
        "network_summary": words.networks_summary(
            networks.networks_found, len(overlap), figures.count
        ),
        "statistics": [
            _localised(t.published(request.epsilon), words, request.epsilon) for t in stats
        ],
    }


def render_html(engine: Engine, request: ReportRequest) -> str:
    found = context(engine, request)
    return _environment(Figures(found["lang"])).from_string(_template()).render(**found)


def render_pdf(html: str) -> bytes:
    """The same HTML as a PDF (WeasyPrint; fonts from the system's fontconfig)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
