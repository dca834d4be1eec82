"""`amanat pipeline | flows | network | report | stats-publish`: outcome monitoring.

Each command acts as a named user (``--user``) through the door
(``amanat.actions.monitoring``): it sees what that user may see, and is written to the
audit trail; writing files needs the ``export`` permission, each file an entry of its
own, in a transaction of its own.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table as RichTable
from sqlalchemy import Engine

from amanat.actions.door import binds
from amanat.actions.monitoring import analyses, exports, networks
from amanat.actions.monitoring.scope import Asked
from amanat.analyze.tabular import Table, shown
from amanat.cli.door import acting_as
from amanat.cli.language import _, refused
from amanat.cli.options import DatabaseOption, fail, open_register

UserOption = Annotated[
    str, typer.Option("--user", "-u", help="Act as this user (what they may see; audited).")
]
CountryOption = Annotated[
    str | None, typer.Option("--country", "-c", help="ISO 3166-1 alpha-2, e.g. KZ.")
]
TypeOption = Annotated[
    str | None, typer.Option("--type", "-t", help="case_type: tip, smuggling, drugs, arms ...")
]
FromOption = Annotated[int | None, typer.Option("--from", help="First year (inclusive).")]
ToOption = Annotated[int | None, typer.Option("--to", help="Last year (inclusive).")]
AsOfOption = Annotated[
    dt.datetime | None,
    typer.Option("--as-of", help="Analysis date (default today); open cases are censored there."),
]
JsonOption = Annotated[
    Path | None, typer.Option("--json", help="Write the result as JSON to this file.")
]
CsvOption = Annotated[
    Path | None, typer.Option("--csv", help="Write every table as CSV into this folder.")
]
PublishableOption = Annotated[
    bool, typer.Option("--publishable-only", help="Count only records marked TLP:CLEAR.")
]


class Language(StrEnum):
    """Amanat's languages (``amanat.language.i18n.LANGUAGES``; a test keeps them one)."""

    en = "en"
    ru = "ru"
    kk = "kk"
    ky = "ky"
    uz = "uz"
    tg = "tg"


class Format(StrEnum):
    html = "html"
    pdf = "pdf"


def _asked(as_of: dt.datetime | None = None, **fields: Any) -> Asked:
    return Asked(**fields, as_of=as_of.date() if as_of else None)


def _export(
    engine: Engine, user: str, asked: Asked, what: str, rows: int, write: Callable[[], None]
) -> None:
    """Write files through the door: refused without ``export``, audited when written."""
    with acting_as(engine, user) as ctx:
        exports.export(ctx, asked, what, rows, write)


def show(tables: Iterable[Table], console: Console | None = None) -> None:
    console = console or Console(width=160)
    for table in tables:
        view = RichTable(*table.columns, title=table.title, title_justify="left")
        for row in table.rows:
            view.add_row(*(shown(cell) for cell in row))
        console.print(view)
        if table.note:
            console.print(f"[dim]{table.note}[/dim]")


def _write(
    engine: Engine,
    user: str,
    asked: Asked,
    what: str,
    tables: list[Table],
    payload: dict[str, Any],
    json_path: Path | None,
    csv_dir: Path | None,
) -> None:
    rows = sum(len(t.rows) for t in tables)
    if json_path is not None:
        text = json.dumps(payload, ensure_ascii=False, indent=1, default=str)
        _export(engine, user, asked, f"{what}.json", rows, lambda: _text(json_path, text))
        typer.echo(_("JSON written to %(json_path)s", json_path=json_path))
    if csv_dir is not None:
        _export(engine, user, asked, f"{what}.csv", rows, lambda: _tables(csv_dir, tables))
        typer.echo(
            _("%(tables)s CSV files written to %(csv_dir)s", tables=len(tables), csv_dir=csv_dir)
        )


def _text(path: Path, text: str) -> None:
    path.write_text(text, "utf-8")


def _tables(folder: Path, tables: list[Table]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for table in tables:
        (folder / f"{table.name}.csv").write_text(table.to_csv(), "utf-8")


@binds(analyses.pipeline, exports.export)
def pipeline_command(
    user: UserOption,
    country: CountryOption = None,
    case_type: TypeOption = None,
    year_from: FromOption = None,
    year_to: ToOption = None,
    as_of: AsOfOption = None,
    publishable_only: PublishableOption = False,
    json_path: JsonOption = None,
    csv_dir: CsvOption = None,
    database: DatabaseOption = None,
) -> None:
    """The justice pipeline: stages, conversions, times between stages, who is convicted."""
    engine = open_register(database)
    asked = _asked(
        as_of,
        country=country,
        case_type=case_type,
        year_from=year_from,
        year_to=year_to,
        publishable_only=publishable_only,
    )
    with acting_as(engine, user) as ctx:
        view = analyses.pipeline(ctx, asked)
    tables = view.tables()
    show(tables)
    _write(engine, user, asked, "pipeline", tables, view.to_dict(), json_path, csv_dir)


@binds(analyses.flows, exports.export)
def flows_command(
    user: UserOption,
    country: CountryOption = None,
    year_from: FromOption = None,
    year_to: ToOption = None,
    lang: Annotated[Language, typer.Option(help="Labels of the SVG charts.")] = Language.en,
    svg_dir: Annotated[
        Path | None, typer.Option("--svg", help="Write the Sankey diagrams and maps (SVG) here.")
    ] = None,
    publishable_only: PublishableOption = False,
    json_path: JsonOption = None,
    csv_dir: CsvOption = None,
    database: DatabaseOption = None,
) -> None:
    """Origin → transit → destination of victims, drugs and arms."""
    engine = open_register(database)
    asked = _asked(
        country=country, year_from=year_from, year_to=year_to, publishable_only=publishable_only
    )
    with acting_as(engine, user) as ctx:
        view = analyses.flows(ctx, asked)
    tables = view.tables()
    show(tables[:4] + tables[-2:])
    _write(engine, user, asked, "flows", tables, view.to_dict(), json_path, csv_dir)
    if svg_dir is not None:
        charts = len(view.victims.amounts)
        _export(
            engine,
            user,
            asked,
            "flows.svg",
            charts,
            lambda: _flow_charts(view, lang.value, svg_dir),
        )
        typer.echo(_("Sankey diagrams and maps written to %(svg_dir)s", svg_dir=svg_dir))


def _flow_charts(view: Any, lang: str, folder: Path) -> None:
    from amanat.analyze.charts.flowmap import flow_map
    from amanat.analyze.charts.sankey import sankey
    from amanat.analyze.report.words import Words

    words = Words(lang)
    titles = [words("origin"), words("transit"), words("destination")]
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("victims", "drugs", "arms"):
        flows = getattr(view, name)
        (folder / f"{name}-sankey.svg").write_text(
            sankey(flows.sankey_links(), words.code, titles), "utf-8"
        )
        (folder / f"{name}-map.svg").write_text(flow_map(flows.segments(), words.code), "utf-8")


@binds(networks.networks, networks.around, networks.export_network, exports.export)
def network_command(
    user: UserOption,
    country: CountryOption = None,
    case_type: TypeOption = None,
    year_from: FromOption = None,
    year_to: ToOption = None,
    top: Annotated[
        int, typer.Option(min=1, max=200, help="How many of the largest networks to analyse.")
    ] = 20,
    graphml: Annotated[
        Path | None, typer.Option(help="Export the networks listed (or --around) as GraphML.")
    ] = None,
    ftm: Annotated[
        Path | None, typer.Option(help="Export them as FollowTheMoney entities (JSON lines).")
    ] = None,
    around: Annotated[
        str | None, typer.Option(help="A record, e.g. person:17: its neighbourhood instead.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Nodes in a neighbourhood.")] = 5_000,
    json_path: JsonOption = None,
    database: DatabaseOption = None,
) -> None:
    """Networks: components, brokers, key players, cross-type overlap, facilitators, officials."""
    engine = open_register(database)
    asked = _asked(country=country, case_type=case_type, year_from=year_from, year_to=year_to)
    with acting_as(engine, user) as ctx:
        found = networks.networks(ctx, asked, top)
    analysis = found.analysis
    tables = found.tables()
    typer.echo(
        _(
            "%(networks_found)s networks over %(vertices)s nodes (%(basis)s)",
            networks_found=format(analysis.networks_found, ","),
            vertices=format(analysis.vertices, ","),
            basis=analysis.basis,
        )
    )
    show(tables)
    payload: dict[str, Any] = {
        **analysis.to_dict(),
        "cross_type": [a.to_dict() for a in found.overlap],
    }
    vertices = _members(analysis)
    if around is not None:
        with acting_as(engine, user) as ctx:
            drawn = networks.around(ctx, asked, around, limit, graph=analysis.graph)
        payload["neighbourhood"] = drawn.view
        vertices = drawn.found.vertices
    _write(engine, user, asked, "network", tables, payload, json_path, None)
    wanted: list[tuple[networks.GraphFormat, Path | None]] = [("graphml", graphml), ("ftm", ftm)]
    for form, path in wanted:
        if path is None:
            continue
        with acting_as(engine, user) as ctx:
            count = networks.export_network(ctx, asked, analysis.graph, vertices, form, path)
        what = _("nodes") if form == "graphml" else _("FollowTheMoney entities")
        typer.echo(
            _(
                "%(count)s %(what)s written to %(path)s",
                count=format(count, ","),
                what=what,
                path=path,
            )
        )


def _members(analysis: Any) -> Any:
    import numpy as np

    parts = [n.members for n in analysis.networks]
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


@binds(exports.report)
def report_command(
    user: UserOption,
    country: Annotated[str, typer.Option("--country", "-c", help="ISO 3166-1 alpha-2, e.g. KZ.")],
    year: Annotated[int, typer.Option(help="The report year.")],
    lang: Annotated[
        Language | None,
        typer.Option(help="en, ru, kk, ky, uz or tg (default: the user's own language)."),
    ] = None,
    output_format: Annotated[Format, typer.Option("--format", help="html or pdf.")] = Format.html,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default: report-CC-YEAR-LANG.EXT).")
    ] = None,
    internal: Annotated[
        bool, typer.Option(help="Everything the user may see, not only TLP:CLEAR; never publish.")
    ] = False,
    epsilon: Annotated[
        float | None, typer.Option(help="Differentially private statistics with this ε.")
    ] = None,
    as_of: AsOfOption = None,
    database: DatabaseOption = None,
) -> None:
    """A country report: pipeline, flows, networks and statistics with charts."""
    from amanat.analyze.report.build import render_pdf

    engine = open_register(database)
    asked = _asked(as_of, country=country)
    form = output_format.value
    with acting_as(engine, user) as ctx:
        own = ctx.actor.signed_in.language
        chosen = lang.value if lang else own if own in set(Language) else Language.en.value
        path = output or Path(f"report-{country.upper()}-{year}-{chosen}.{form}")

        def write(html: str) -> str:
            if output_format is Format.pdf:
                path.write_bytes(render_pdf(html))
            else:
                path.write_text(html, "utf-8")
            return form

        exports.report(ctx, asked, year, write, lang=chosen, internal=internal, epsilon=epsilon)
    typer.echo(_("Report written to %(path)s", path=path))


@binds(analyses.publish, exports.export)
def stats_publish_command(
    user: UserOption,
    year: Annotated[int, typer.Option(help="The reference year.")],
    country: CountryOption = None,
    case_type: TypeOption = None,
    epsilon: Annotated[
        float | None,
        typer.Option(help="Differentially private counts with this ε instead of suppression."),
    ] = None,
    json_path: JsonOption = None,
    csv_dir: CsvOption = None,
    database: DatabaseOption = None,
) -> None:
    """Indicator tables for publication: TLP:CLEAR records only, disclosure-controlled."""
    engine = open_register(database)
    asked = _asked(country=country, case_type=case_type)
    try:
        with acting_as(engine, user) as ctx:
            published = analyses.publish(ctx, asked, year, epsilon)
    except RuntimeError as exc:  # OpenDP missing
        fail(refused(exc))
    tables = published.tables
    show(tables)
    payload = {
        "scope": published.scope.describe(),
        "epsilon": epsilon,
        "tables": [t.to_dict() for t in tables],
    }
    # The files hold the year's publishable records only, as the tables do.
    publishable = Asked(country, case_type, year, year, publishable_only=True)
    _write(engine, user, publishable, "statistics", tables, payload, json_path, csv_dir)
