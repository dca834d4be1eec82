"""Downloads from the monitoring pages: the statistics for publication as CSV (a
table) or XLSX (every table), and the country report as HTML or PDF.

Each goes through the same actions as ``amanat stats-publish`` and ``amanat report``
(``statistics.publish`` then ``analysis.export``; ``analysis.report``), so a file
downloaded here is the one the command line writes, with the same "export" entry in
the audit trail.  Nothing is kept on the server: files are written to a temporary
folder and sent.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

from amanat.actions.door import binds
from amanat.actions.errors import FieldProblem
from amanat.actions.monitoring import analyses, exports
from amanat.actions.monitoring.scope import Asked
from amanat.analyze.tabular import Table, write_xlsx
from amanat.service import limits
from amanat.service.web.monitor import epsilon_of, filters, published_year
from amanat.service.web.page import SignedIn

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def _attachment(body: bytes, media_type: str, name: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _written(write: Callable[[Path], None]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file"
        write(path)
        return path.read_bytes()


def _published(page: SignedIn) -> tuple[list[Table], Asked, int]:
    """The year's tables, and what the export entry records: the year's publishable
    records only, as the tables hold (as ``amanat stats-publish`` records it)."""
    chosen, year = filters(page), published_year(page)
    asked = Asked(chosen.country, chosen.case_type)
    limits.allow_bulk(page.ctx.session, page.request.app.state.settings)  # a download
    tables = analyses.publish(page.ctx, asked, year, epsilon_of(page)).tables
    return tables, Asked(chosen.country, chosen.case_type, year, year, publishable_only=True), year


@router.get("/monitor/statistics.csv")
@binds(analyses.publish, exports.export)
def statistics_csv(page: SignedIn) -> Response:
    """One table of the statistics page, named by ``table``."""
    tables, asked, year = _published(page)
    name = page.request.query_params.get("table", "")
    table = next((t for t in tables if t.name == name), None)
    if table is None:
        raise FieldProblem(("query", "table"), "no such table of the statistics", name)
    text = table.to_csv()
    exports.export(page.ctx, asked, f"statistics.{name}.csv", len(table.rows), lambda: None)
    return _attachment(text.encode("utf-8"), "text/csv; charset=utf-8", f"{name}-{year}.csv")


@router.get("/monitor/statistics.xlsx")
@binds(analyses.publish, exports.export)
def statistics_xlsx(page: SignedIn) -> Response:
    """Every table of the statistics page, a sheet each."""
    tables, asked, year = _published(page)
    body: list[bytes] = []

    def write() -> None:
        body.append(_written(lambda path: write_xlsx(tables, path)))

    exports.export(page.ctx, asked, "statistics.xlsx", sum(len(t.rows) for t in tables), write)
    return _attachment(body[0], XLSX, f"statistics-{year}.xlsx")


@router.get("/monitor/report")
@binds(exports.report)
def country_report(page: SignedIn) -> Response:
    """The country report of a year for publication (TLP:CLEAR records only)."""
    from amanat.analyze.report.build import render_pdf

    params = page.request.query_params
    chosen, year = filters(page), published_year(page)
    if chosen.country is None:
        raise FieldProblem(("query", "country"), "choose the country of the report", None)
    form = params.get("format", "html")
    if form not in FORMATS:
        raise FieldProblem(("query", "format"), "give html or pdf", form)
    lang = page.lang
    # A download of a whole report, not a page: an export's statement timeout.
    limits.allow_bulk(page.ctx.session, page.request.app.state.settings)
    body: list[bytes] = []

    def write(html: str) -> str:
        body.append(render_pdf(html) if form == "pdf" else html.encode("utf-8"))
        return form

    asked = Asked(chosen.country)
    exports.report(page.ctx, asked, year, write, lang=lang, epsilon=epsilon_of(page))
    name = f"report-{chosen.country}-{year}-{lang}.{form}"
    return _attachment(body[0], FORMATS[form], name)
