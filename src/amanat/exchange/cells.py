"""Cells that are safe to open in a spreadsheet.

Text beginning with = + - @ (or a tab or carriage return) is taken by Excel and
LibreOffice as a formula when a CSV file is opened: "=HYPERLINK(...)" in a name field
would run on an official's machine.  In CSV such text gets a leading apostrophe, the
usual neutralisation; in XLSX every text cell is written as a string cell, which no
spreadsheet evaluates, so the text stays exactly as recorded.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


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
