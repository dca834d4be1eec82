"""Cells that are safe to open in a spreadsheet: the one place where every CSV file
Amanat writes (exports, error reports, screening hits, analysis tables, name
comparisons) and its XLSX workbook keep recorded text from running as a formula.

Text beginning with = + - @ (or a tab or carriage return) is taken by Excel and
LibreOffice as a formula when a CSV file is opened: "=HYPERLINK(...)" in a name field
would run on an official's machine (CSV injection, OWASP).  In CSV such text gets a
leading apostrophe, the usual neutralisation.  Numbers stay numbers: a negative count
is data, and so is text that is exactly a number ("-5", "+7.25", "-1e3"), which a
spreadsheet reads as that number and never evaluates; an apostrophe there would only
break the programs that read the files (UNODC's templates, R, pandas).  Anything more
("-2+3", "-5 kg", "+7 701 ...") is neutralised.  In XLSX, text is written as a string
cell, which no spreadsheet evaluates, so it stays exactly as recorded.

This module imports nothing of Amanat's, so every layer may use it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal number, ASCII digits only: what a spreadsheet reads as a number.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet opening ``text`` as a CSV cell would compute it."""
    return text.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(text) is None


def csv_cell(value: object) -> str:
    """A value as CSV text, neutralised if a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)  # a number, negative or not, is data, not a formula
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if is_formula_like(text) else text


class CsvWriter:
    """``csv.writer`` with every cell passed through ``csv_cell``: the writer for every
    CSV file Amanat makes, so no column can be forgotten.

    Lines end in CR LF (RFC 4180) and nothing else may be chosen: Python's writer quotes
    a field only for the line-end characters it writes, so with LF alone a carriage
    return inside a name went out bare, and a spreadsheet began a new row (and a new,
    unneutralised cell) after it."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n")

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([csv_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)
