"""Analysis tables as CSV (`--csv DIR` of pipeline, flows, stats-publish): text that a
spreadsheet would compute is written as text, numbers as numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from amanat.analyze.tabular import Table, write_xlsx


def test_csv_of_a_table_defuses_formulas_and_keeps_numbers() -> None:
    table = Table(
        "flows_paths",
        "victims by route",
        ("origin", "transit", "destination", "victims", "change"),
        [
            ('=HYPERLINK("http://example.invalid","y")', "+1+1", "@SUM(A1)", 3, -2),
            ("KZ", "-2+3", None, 0.5, -0.25),
        ],
    )
    rows = list(csv.reader(io.StringIO(table.to_csv(), newline="")))
    assert rows == [
        ["origin", "transit", "destination", "victims", "change"],
        ['\'=HYPERLINK("http://example.invalid","y")', "'+1+1", "'@SUM(A1)", "3", "-2"],
        ["KZ", "'-2+3", "", "0.5", "-0.25"],
    ]


def test_tables_as_a_workbook_keep_text_as_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    tables = [
        Table("victims_by_sex", "Victims by sex", ("sex", "victims"), [("female", 3)], "note"),
        Table("formulae", "Text", ("text", "n"), [("=1+1", -2), ("KZ", None)]),
    ]
    path = tmp_path / "tables.xlsx"
    write_xlsx(tables, path)
    book = load_workbook(path)
    assert book.sheetnames == ["victims_by_sex", "formulae"]
    first = [list(row) for row in book["victims_by_sex"].iter_rows(values_only=True)]
    assert first == [["Victims by sex", None], ["note", None], ["sex", "victims"], ["female", 3]]
    second = book["formulae"]
    assert second["A3"].value == "=1+1" and second["A3"].data_type == "s"
    assert second["B3"].value == -2
