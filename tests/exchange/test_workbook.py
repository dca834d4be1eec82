"""The XLSX export shows officials the fields the register declares for spreadsheets."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select
from tests.exchange.conftest import Exporter

from amanat.exchange.workbook import SHEET_TITLES, heading
from amanat.language.i18n import gettext
from amanat.register import Base, Case, Source
from amanat.register.labels import FIELD_LABELS
from amanat.register.system import Shown, hidden_from
from amanat.service.web.rendering import environment
from amanat.store.engine import transaction

SHARED = {"tlp": "GREEN", "distribution": "community"}


def _sheet(path: object, title: str) -> list[dict[str, object]]:
    rows = list(load_workbook(path, read_only=True)[title].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_a_record_names_its_source_as_listed_on_the_sources_sheet(
    region: Engine, export: Exporter
) -> None:
    # The source's id was left out of the spreadsheet (it is in the JSON export), so
    # nothing tied a record to the row of its source on the Sources sheet.
    with transaction(region) as session:
        case = session.scalars(select(Case).where(Case.tlp == "GREEN").limit(1)).one()
        source = Source(org_id=case.org_id, title="Court decision 2-17/2024", **SHARED)
        session.add(source)
        session.flush()
        case.source_id = source.id
        case.tlp, case.distribution = "GREEN", "community"
        case_id, source_id = case.id, source.id
    path = export("xlsx").output
    cases = {row["Id"]: row for row in _sheet(path, "Cases")}
    assert cases[case_id]["Source document"] == source_id
    sources = {row["Id"]: row for row in _sheet(path, "Sources")}
    assert sources[source_id]["Title"] == "Court decision 2-17/2024"


def test_bookkeeping_stays_out_of_the_spreadsheet(export: Exporter) -> None:
    headings = set(_sheet(export("xlsx").output, "Cases")[0])
    assert {"Id", "Submitted by", "Source document"} <= headings
    assert not headings & {"Version", "Sharing group", "Deleted at", "Deletion reason"}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_fields_are_named_as_the_web_names_them(export: Exporter, lang: str) -> None:
    """One source of field labels: a heading is the label a page or form shows for the
    field (amanat.register.labels through the catalogue), in the export's language."""
    book = load_workbook(export("xlsx", lang=lang).output, read_only=True)
    sheet = book[gettext(lang, SHEET_TITLES["case"])]
    headings = next(sheet.iter_rows(values_only=True))
    table = Base.metadata.tables[str(Case.__tablename__)]
    hidden = hidden_from(Case, Shown.SPREADSHEET)
    shown = [c for c in table.columns if c.key not in hidden]
    assert list(headings[: len(shown)]) == [heading(c, lang) for c in shown]
    web = environment(lang).globals["field_name"]
    named = [c for c in shown if c.key in FIELD_LABELS]
    assert len(named) >= 10
    assert [heading(c, lang) for c in named] == [web(c.key) for c in named]
    if lang == "ru":
        assert {"Кем представлено", "Дата возбуждения"} <= set(headings)
