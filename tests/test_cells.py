"""The one neutraliser of spreadsheet formulas: text that would run is defused,
numbers and plain text are written as they are."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from amanat.cells import CsvWriter, csv_cell, is_formula_like

# What an attacker types into a name (OWASP's CSV injection examples and their kin).
MALICIOUS = (
    '=HYPERLINK("http://example.invalid","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "-",
    "+7 701 123 45 67",
    "-5 kg",
)


@pytest.mark.parametrize("text", MALICIOUS)
def test_formula_like_text_gets_an_apostrophe(text: str) -> None:
    assert is_formula_like(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (-5, "-5"),
        (-2.5, "-2.5"),
        (Decimal("-0.10"), "-0.10"),
        (None, ""),
        (True, "true"),
        (dt.date(2024, 3, 1), "2024-03-01"),
        # Text that is exactly a number is read as that number, never computed.
        ("-5", "-5"),
        ("+7.25", "+7.25"),
        ("-1e3", "-1e3"),
        ("-.5", "-.5"),
        ("Асанов Бакыт", "Асанов Бакыт"),
        ("a=b", "a=b"),
        ("0.9731", "0.9731"),
    ],
)
def test_numbers_and_plain_text_are_written_as_they_are(value: object, written: str) -> None:
    assert csv_cell(value) == written


def test_a_number_followed_by_anything_is_not_a_number() -> None:
    # fullmatch, not match: a newline or a second term after the number still counts.
    assert is_formula_like("-5\n=1+1") and is_formula_like("-5+1") and is_formula_like("-٥")


def test_the_writer_neutralises_every_cell_of_every_row() -> None:
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(["name", "count"])
    writer.writerows([(text, -3) for text in MALICIOUS])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows[0] == ["name", "count"]
    assert rows[1:] == [["'" + text, "-3"] for text in MALICIOUS]


def test_a_line_break_inside_a_cell_stays_inside_it() -> None:
    # Unquoted, a carriage return ends the row in a spreadsheet, and what follows it
    # starts a new cell that nothing has neutralised.
    buffer = io.StringIO()
    CsvWriter(buffer).writerows([("Асанов\r=1+1", 1), ("Асанов\n=1+1", 2)])
    rows = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert rows == [["Асанов\r=1+1", "1"], ["Асанов\n=1+1", "2"]]
    assert buffer.getvalue().startswith('"Асанов\r=1+1",1\r\n')
