"""The XLSX export shows officials the fields the register declares for spreadsheets."""

from __future__ import annotations

from openpyxl import load_workbook
from sqlalchemy import Engine, select
from tests.exchange.conftest import Exporter

from amanat.register import Case, Source
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
    cases = {row["Id"]: row for row in _sheet(path, "case")}
    assert cases[case_id]["Source id"] == source_id
    sources = {row["Id"]: row for row in _sheet(path, "source")}
    assert sources[source_id]["Title"] == "Court decision 2-17/2024"


def test_bookkeeping_stays_out_of_the_spreadsheet(export: Exporter) -> None:
    headings = set(_sheet(export("xlsx").output, "case")[0])
    assert {"Id", "Organisation", "Source id"} <= headings
    assert not headings & {"Version", "Sharing group id", "Deleted at", "Deletion reason"}
