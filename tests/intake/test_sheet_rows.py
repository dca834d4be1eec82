"""XLSX sheets read as their XML holds them: a header claiming the whole sheet
(``A1:XFD1048576``), rows far apart and cells far right cost what the file holds.

Work is counted, not timed: ``work_budget`` counts the Python calls made (each step of
a generator is one), which grows with every row or cell a reader makes up, on a busy
machine or not.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from xml.sax.saxutils import escape

from sqlalchemy import Engine
from tests.intake.conftest import Importer, count

from amanat.intake.readers import ReadOptions, open_table
from amanat.intake.suggest import suggest_profile
from amanat.register import Person

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{_TYPE}.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
        f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
        '<sheet name="people" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
        f'Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _cell(reference: str, value: str | int) -> str:
    if isinstance(value, int):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def crafted_xlsx(path: Path, rows: dict[int, dict[str, str | int]], dimension: str) -> Path:
    """A workbook written by hand: ``rows`` by number, cells by column letters, and a
    ``<dimension>`` that claims whatever it is told to."""
    data = "".join(
        f'<row r="{number}">'
        + "".join(_cell(f"{column}{number}", value) for column, value in cells.items())
        + "</row>"
        for number, cells in rows.items()
    )
    sheet = (
        f'<worksheet xmlns="{_MAIN}"><dimension ref="{dimension}"/>'
        f"<sheetData>{data}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**_PARTS, "xl/worksheets/sheet1.xml": sheet}.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
    return path


class TooMuchWork(Exception):
    pass


@contextmanager
def work_budget(calls: int) -> Iterator[None]:
    """Fail (at once, not after 20 s) when the block makes more than ``calls`` calls."""
    made = 0

    def counted(frame: FrameType, event: str, arg: object) -> None:
        nonlocal made
        made += 1
        if made > calls:
            raise TooMuchWork(f"over {calls} calls")

    sys.setprofile(counted)
    try:
        yield
    finally:
        sys.setprofile(None)


# The whole sheet claimed, two rows held, and an empty last row that old readers
# filled up to with a million made-up rows of 16,384 cells.
CLAIMS_ALL: dict[int, dict[str, str | int]] = {
    1: {"A": "family", "B": "given", "C": "year"},
    2: {"A": "Асанов", "B": "Бакыт", "C": 1985},
    3: {"A": "Ёлкина", "B": "Наталья", "C": 1990},
    1_048_576: {},
}


def test_a_sheet_claiming_every_cell_is_read_by_the_cells_it_holds(tmp_path: Path) -> None:
    path = crafted_xlsx(tmp_path / "claims.xlsx", CLAIMS_ALL, "A1:XFD1048576")
    assert path.stat().st_size < 2048
    started = time.process_time()
    with work_budget(200_000), open_table(path, ReadOptions()) as table:
        headings = table.headings
        rows = [(row.number, list(row.cells)) for row in table]
        done, _ = table.progress()
    assert headings == ["family", "given", "year"]
    assert rows == [(2, ["Асанов", "Бакыт", 1985]), (3, ["Ёлкина", "Наталья", 1990])]
    assert done == 3  # rows walked: the ones written, not the million claimed
    assert time.process_time() - started < 5  # a sanity guard; the budget is the test


def test_cells_far_right_and_rows_far_apart_take_no_room(tmp_path: Path) -> None:
    # A heading in the last column, and rows 3,000 apart each holding one cell there:
    # padded to the heading, 300 rows would be 300 lists of 16,384 cells (39 MB).
    rows: dict[int, dict[str, str | int]] = {1: {"A": "name", "XFD": "note"}}
    rows.update({2 + 3_000 * i: {"XFD": f"note {i}"} for i in range(300)})
    path = crafted_xlsx(tmp_path / "far.xlsx", rows, "A1:XFD1048576")
    tracemalloc.start()
    try:
        with work_budget(400_000), open_table(path, ReadOptions()) as table:
            read = list(table)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [row.number for row in read] == list(rows)[1:]
    last = read[-1].cells
    assert isinstance(last, Sequence)
    assert len(last) == 16_384 and last[-1] == "note 299" and last[0] is None
    assert list(last)[16_383] == "note 299" and last[1:3] == [None, None]
    assert held < 2 << 20


def test_the_import_and_its_suggested_profile_read_only_what_is_held(
    registered: Engine, run_import: Importer, tmp_path: Path
) -> None:
    path = crafted_xlsx(tmp_path / "claims.xlsx", CLAIMS_ALL, "A1:XFD1048576")
    with work_budget(1_000_000):  # the first call loads the heading lists
        suggested = suggest_profile(path)
    assert "family" in suggested
    profile = {
        "kind": "person",
        "marking": {"tlp": "AMBER", "handling": "H1", "reliability": "B", "credibility": "2"},
        "columns": {"family": "name.family", "given": "name.given"},
    }
    with work_budget(1_000_000):
        result = run_import("claims.xlsx", path.read_bytes(), profile)
    assert result.ok, result.errors
    assert count(registered, Person) == 2
