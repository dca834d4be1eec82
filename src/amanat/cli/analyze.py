"""`amanat pipeline | flows | network | report | stats-publish`: outcome monitoring.

Each command acts as a named user (``--user``): it sees what that user may see, and
is written to the audit trail; writing files needs the ``export`` permission.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table as RichTable

from amanat.access.roles import Permission
from amanat.analyze import audit
from amanat.analyze.scope import Scope
from amanat.analyze.tabular import Table, shown
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
    en = "en"
    ru = "ru"


class Format(StrEnum):
    html = "html"
    pdf = "pdf"


def _scope(
    database: str | None, user: str, action: Permission = Permission.read, **fields: Any
) -> tuple[Any, Scope]:
    engine = open_register(database)
    try:
        viewer = audit.viewer_for(engine, user, action)
    except audit.NotAllowed as exc:
        fail(str(exc))
    as_of = fields.pop("as_of", None)
    if fields.get("country"):
        fields["country"] = fields["country"].upper()
    scope = Scope(viewer, **fields, **({"as_of": as_of.date()} if as_of else {}))
    return engine, scope


def _needs_export(engine: Any, user: str, *outputs: object) -> None:
    if any(o is not None for o in outputs):
        try:
            audit.viewer_for(engine, user, Permission.export)
        except audit.NotAllowed as exc:
            fail(f"{exc}: writing files is an export")


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
    engine: Any,
    scope: Scope,
    what: str,
    tables: list[Table],
    payload: dict[str, Any],
    json_path: Path | None,
    csv_dir: Path | None,
) -> None:
    rows = sum(len(t.rows) for t in tables)
    if json_path is not None:
        json_path.write_text(
            json.dumps(payload, ensure_ascii=False, indent=1, default=str), "utf-8"
        )
        audit.record(engine, scope, "export", f"{what}.json", rows)
        typer.echo(f"JSON written to {json_path}")
    if csv_dir is not None:
        csv_dir.mkdir(parents=True, exist_ok=True)
        for table in tables:
            (csv_dir / f"{table.name}.csv").write_text(table.to_csv(), "utf-8")
        audit.record(engine, scope, "export", f"{what}.csv", rows)
        typer.echo(f"{len(tables)} CSV files written to {csv_dir}")


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
    from amanat.analyze.justice import justice_view

    engine, scope = _scope(
        database,
        user,
        country=country,
        case_type=case_type,
        year_from=year_from,
        year_to=year_to,
        as_of=as_of,
        publishable_only=publishable_only,
    )
    _needs_export(engine, user, json_path, csv_dir)
    view = justice_view(engine, scope)
    tables = view.tables()
    audit.record(engine, scope, "analyze", "pipeline", sum(len(t.rows) for t in tables))
    show(tables)
    _write(engine, scope, "pipeline", tables, view.to_dict(), json_path, csv_dir)


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
    from amanat.analyze.flow_view import flow_view

    engine, scope = _scope(
        database,
        user,
        country=country,
        year_from=year_from,
        year_to=year_to,
        publishable_only=publishable_only,
    )
    _needs_export(engine, user, json_path, csv_dir, svg_dir)
    view = flow_view(engine, scope)
    tables = view.tables()
    audit.record(engine, scope, "analyze", "flows", sum(len(t.rows) for t in tables))
    show(tables[:4] + tables[-2:])
    _write(engine, scope, "flows", tables, view.to_dict(), json_path, csv_dir)
    if svg_dir is not None:
        _flow_charts(view, lang.value, svg_dir)
        audit.record(engine, scope, "export", "flows.svg", len(view.victims.amounts))
        typer.echo(f"Sankey diagrams and maps written to {svg_dir}")


def _flow_charts(view: Any, lang: str, folder: Path) -> None:
    from amanat.analyze.charts.flowmap import flow_map
    from amanat.analyze.charts.sankey import sankey
    from amanat.analyze.report.messages import Words

    words = Words(lang)
    titles = [words("origin"), words("transit"), words("destination")]
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("victims", "drugs", "arms"):
        flows = getattr(view, name)
        (folder / f"{name}-sankey.svg").write_text(
            sankey(flows.sankey_links(), words.code, titles), "utf-8"
        )
        (folder / f"{name}-map.svg").write_text(flow_map(flows.segments(), words.code), "utf-8")


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
    from amanat.analyze.network.analysis import analyse_networks
    from amanat.analyze.network.overlap import cross_type, overlap_table

    engine, scope = _scope(
        database, user, country=country, case_type=case_type, year_from=year_from, year_to=year_to
    )
    _needs_export(engine, user, graphml, ftm, json_path)
    analysis = analyse_networks(engine, scope, top=top)
    overlap = cross_type(engine, scope, analysis)
    tables = [analysis.table(), overlap_table(overlap)]
    audit.record(engine, scope, "analyze", "network", sum(len(t.rows) for t in tables))
    typer.echo(
        f"{analysis.networks_found:,} networks over {analysis.vertices:,} nodes ({analysis.basis})"
    )
    show(tables)
    payload: dict[str, Any] = {**analysis.to_dict(), "cross_type": [a.to_dict() for a in overlap]}
    vertices = _members(analysis)
    if around is not None:
        from amanat.analyze.network.view import neighbourhood, view_json

        hood = neighbourhood(analysis.graph, _vertex(analysis, around), limit)
        payload["neighbourhood"] = view_json(engine, scope, analysis.graph, hood)
        vertices = hood.vertices
    _write(engine, scope, "network", tables, payload, json_path, None)
    _export_graph(engine, scope, analysis, vertices, graphml, ftm)


def _vertex(analysis: Any, key: str) -> int:
    kind, _, number = key.partition(":")
    vertex = analysis.graph.vertex(kind, int(number)) if number.isdigit() else None
    if vertex is None:
        fail(f"{key} is not a node you may see (give kind:id, e.g. person:17)")
    return int(vertex)


def _members(analysis: Any) -> Any:
    import numpy as np

    parts = [n.members for n in analysis.networks]
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


def _export_graph(
    engine: Any, scope: Scope, analysis: Any, vertices: Any, graphml: Path | None, ftm: Path | None
) -> None:
    if graphml is None and ftm is None:
        return
    from amanat.analyze.network.export import write_ftm, write_graphml
    from amanat.analyze.network.labels import labels

    graph = analysis.graph
    keys = [(graph.kind(int(v)), int(graph.ids[v])) for v in vertices]
    names = {f"{k}:{i}": name for (k, i), name in labels(engine, scope, keys).items()}
    if graphml is not None:
        count = write_graphml(graph, vertices, names, graphml)
        audit.record(engine, scope, "export", "network.graphml", count)
        typer.echo(f"{count:,} nodes written to {graphml}")
    if ftm is not None:
        count = write_ftm(graph, vertices, names, ftm)
        audit.record(engine, scope, "export", "network.ftm", count)
        typer.echo(f"{count:,} FollowTheMoney entities written to {ftm}")


def report_command(
    user: UserOption,
    country: Annotated[str, typer.Option("--country", "-c", help="ISO 3166-1 alpha-2, e.g. KZ.")],
    year: Annotated[int, typer.Option(help="The report year.")],
    lang: Annotated[Language, typer.Option(help="en or ru.")] = Language.en,
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
    from amanat.analyze.report.build import ReportRequest, render_html, render_pdf

    engine, scope = _scope(database, user, Permission.export, country=country, as_of=as_of)
    request = ReportRequest(scope, year, lang.value, internal, epsilon)
    html = render_html(engine, request)
    path = output or Path(f"report-{scope.country}-{year}-{lang.value}.{output_format.value}")
    if output_format is Format.pdf:
        path.write_bytes(render_pdf(html))
    else:
        path.write_text(html, "utf-8")
    audit.record(
        engine,
        scope.narrowed(year_from=year, year_to=year, publishable_only=not internal),
        "export",
        f"report.{output_format.value}",
        1,
        purpose="internal" if internal else "publication",
    )
    typer.echo(f"Report written to {path}")


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
    from amanat.analyze.statistics import indicator_tables

    engine, scope = _scope(
        database,
        user,
        Permission.export,
        country=country,
        case_type=case_type,
        year_from=year,
        year_to=year,
        publishable_only=True,
    )
    try:
        tables = [t.published(epsilon) for t in indicator_tables(engine, scope)]
    except RuntimeError as exc:  # OpenDP missing
        fail(str(exc))
    audit.record(engine, scope, "analyze", "statistics", sum(len(t.rows) for t in tables))
    show(tables)
    payload = {
        "scope": scope.describe(),
        "epsilon": epsilon,
        "tables": [t.to_dict() for t in tables],
    }
    _write(engine, scope, "statistics", tables, payload, json_path, csv_dir)
