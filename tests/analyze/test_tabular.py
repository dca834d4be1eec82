"""Analysis tables as CSV (`--csv DIR` of pipeline, flows, stats-publish): text that a
spreadsheet would compute is written as text, numbers as numbers."""

from __future__ import annotations

import csv
import io

from amanat.analyze.tabular import Table


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
