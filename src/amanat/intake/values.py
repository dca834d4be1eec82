"""Cells as agencies write them, turned into what a register column holds.

Dates come as 14.03.1985, 1985-03-14, 03.1985, 1985 or an Excel date; unknown day or
month are often written 00 ("00.00.1985": born in 1985).  Numbers come with decimal
commas and thousands separators ("1 234,5").  Yes and no come in both languages.
The parsers are the register's own (``amanat.register.parsing``), so a cell is read
as the API and the web forms read a value; a profile adds its own formats.
"""

from __future__ import annotations

from amanat.register.parsing import (
    NumberFormat,
    full_date,
    parse_date,
    parse_number,
    parse_whole,
    parse_yes_no,
    valid_date_format,
)

__all__ = [
    "DEFAULT_DATE_FORMATS",
    "NumberFormat",
    "full_date",
    "lookup_key",
    "parse_date",
    "parse_number",
    "parse_whole",
    "parse_yes_no",
    "valid_date_format",
]

# What a profile reads when it names no formats: the register's full dates, and the
# partial ones a date of birth may be.
DEFAULT_DATE_FORMATS = ("dd.mm.yyyy", "yyyy-mm-dd", "mm.yyyy", "yyyy-mm", "yyyy")


def lookup_key(value: object) -> str:
    """How values and headings are compared: case, ё, extra spaces and a trailing colon
    or asterisk (a "required" mark) make no difference."""
    text = str(value).strip().casefold().replace("ё", "е")
    return " ".join(text.split()).rstrip(":*").strip()
