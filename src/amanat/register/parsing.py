"""Values as people write them: dates, numbers, yes and no.

Dates come as 1985-03-14 or 14.03.1985 (an import's profile may name other formats:
03.1985, 1985, 00.00.1985 for "born in 1985"), or as a spreadsheet's date.  Numbers
come with decimal commas and thousands separators ("1 234,5").  Yes and no come in
English and Russian, and as a ticked box.  Each parser raises ``Unfit`` with a reason,
never a half-guessed value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from amanat.names.dates import PartialDate
from amanat.register.reasons import Unfit

# A full date as every door reads it (an import's profile may add its own formats).
DATE_FORMATS = ("yyyy-mm-dd", "dd.mm.yyyy")
_TOKENS = {"dd": r"(?P<d>\d{1,2})", "mm": r"(?P<m>\d{1,2})", "yyyy": r"(?P<y>\d{4})"}
_TOKEN = re.compile(r"yyyy|mm|dd")


@cache
def date_pattern(date_format: str) -> re.Pattern[str]:
    """A regular expression for a format such as ``dd.mm.yyyy`` (day and month may have
    one digit; anything else in the format must appear as written)."""
    pieces: list[str] = []
    at = 0
    for token in _TOKEN.finditer(date_format):
        pieces.append(re.escape(date_format[at : token.start()]))
        pieces.append(_TOKENS[token.group()])
        at = token.end()
    pieces.append(re.escape(date_format[at:]))
    # A time after the date (Excel exports "14.03.1985 0:00:00") is ignored.
    return re.compile("".join(pieces) + r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def valid_date_format(date_format: str) -> bool:
    return "yyyy" in date_format and set(_TOKEN.findall(date_format)) <= set(_TOKENS)


def parse_date(value: object, formats: tuple[str, ...]) -> PartialDate:
    """A date known to the year, month or day; 00 for a day or month means unknown."""
    if isinstance(value, dt.datetime | dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(value)
    text = str(value).strip()
    for date_format in formats:
        found = date_pattern(date_format).fullmatch(text)
        if found is None:
            continue
        parts = found.groupdict()
        year = int(parts["y"])
        month = int(parts["m"]) if parts.get("m") else None
        day = int(parts["d"]) if parts.get("d") else None
        month = month or None  # 00: not known
        day = day or None if month else None
        if month is not None and not 1 <= month <= 12:
            raise Unfit("not_a_real_date")
        if day is not None:
            try:
                dt.date(year, month or 1, day)
            except ValueError:
                raise Unfit("not_a_real_date") from None
        return PartialDate(year, month, day)
    raise Unfit("not_a_date", formats=", ".join(formats))


def full_date(value: object, formats: tuple[str, ...] = DATE_FORMATS) -> dt.date:
    when = parse_date(value, formats)
    if when.month is None or when.day is None:
        raise Unfit("not_a_full_date")
    return dt.date(when.year, when.month, when.day)


@dataclass(frozen=True)
class NumberFormat:
    """How numbers are written.  ``decimal`` None: a comma or a point, whichever comes
    last ("1.234,5" and "1,234.5" both read 1234.5; a lone comma is a decimal comma, as
    in Russian)."""

    decimal: str | None = None
    thousands: str | None = None


ANY_NUMBERS = NumberFormat()
# Thousands separators seen in exports: spaces of every width, and apostrophes.
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'’")


def parse_number(value: object, numbers: NumberFormat = ANY_NUMBERS) -> Decimal:
    if isinstance(value, bool):
        raise Unfit("not_a_number")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        if not isinstance(value, str):
            raise Unfit("not_a_number")
        text = value.strip().translate(_SPACES)
        if numbers.thousands:
            text = text.replace(numbers.thousands, "")
        decimal = numbers.decimal
        if decimal is None:
            decimal = "," if text.rfind(",") > text.rfind(".") else "."
        other = "." if decimal == "," else ","
        text = text.replace(other, "").replace(decimal, ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise Unfit("not_a_number") from None
    if not number.is_finite():
        raise Unfit("not_a_number")
    return number


def parse_whole(value: object, numbers: NumberFormat = ANY_NUMBERS) -> int:
    try:
        number = parse_number(value, numbers)
    except Unfit:
        raise Unfit("not_a_whole_number") from None
    if number != number.to_integral_value():
        raise Unfit("not_a_whole_number")
    return int(number)


# "on" is what a ticked box sends.
_YES = frozenset({"1", "true", "yes", "y", "on", "да", "д", "истина", "+", "x", "х", "v", "✓"})
_NO = frozenset({"0", "false", "no", "n", "off", "нет", "н", "ложь", "-"})


def parse_yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = str(value).strip().casefold()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise Unfit("not_yes_no")
