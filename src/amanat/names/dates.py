"""Dates of birth as records give them: partial, defaulted, sometimes invented.

A migrant's documents may carry only a year, or 1 January of a guessed year; registers fill
unknown dates with 01.01.1900 or 01.01.1970.  ``datetime`` and dateutil parse a date or
fail; they do not say "year and month only" nor that a date is a placeholder, hence this
module.  A placeholder or impossible date is never evidence for or against a match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Dates registers use for "unknown".
PLACEHOLDER_DATES = frozenset(
    {(1900, 1, 1), (1901, 1, 1), (1970, 1, 1), (1111, 11, 11), (9999, 12, 31), (1, 1, 1)}
)
OLDEST_YEAR = 1900
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12, "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5,
    "май": 5, "июн": 6, "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
_UNKNOWN_PART = re.compile(r"^(?:0+|x+|х+|\?+|_+|-+)$", re.IGNORECASE)
_SPLIT = re.compile(r"[\s./\-,]+")


@dataclass(frozen=True)
class PartialDate:
    """A date of birth known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class DateComparison:
    """Score in [0, 1] and reasons; ``informative`` is False when either date says nothing."""

    score: float
    reasons: tuple[str, ...]
    informative: bool


def _number(piece: str) -> int | None:
    if _UNKNOWN_PART.match(piece):
        return None
    if piece.isdigit():
        return int(piece)
    month = _MONTHS.get(piece.lower()[:3])
    if month is None:
        raise ValueError(piece)
    return month


def parse_date(text: str) -> PartialDate | None:
    """Read a full or partial date: 1985, 1985-03, 03.1985, 12.03.1985, 1985-03-12,
    12 марта 1985, 00.03.1985, XX.XX.1985.  None when it cannot be read or is impossible.
    """
    pieces = [p for p in _SPLIT.split(text.strip()) if p]
    try:
        numbers = [_number(p) for p in pieces]
    except ValueError:
        return None
    if not numbers or len(numbers) > 3:
        return None
    year: int | None
    if numbers[0] is not None and len(pieces[0]) == 4:  # year first: ISO order
        year, month, day = [*numbers, None, None][:3]
    else:  # day first, as the region writes dates
        year = numbers[-1]
        month = numbers[-2] if len(numbers) >= 2 else None
        day = numbers[-3] if len(numbers) == 3 else None
    if year is None or year < 1:
        return None
    if year < 100 and len(pieces[-1]) == 2:  # 12.03.85
        year += 1900 if year > date.today().year % 100 else 2000
    if month is None:
        day = None
    try:
        if month is not None:
            date(year, month, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day)


def date_problem(when: PartialDate, today: date | None = None) -> str | None:
    """Why a date of birth cannot be a real one, or None."""
    today = today or date.today()
    if (when.year, when.month, when.day) in PLACEHOLDER_DATES:
        return f"{when} is a placeholder date"
    if when.year < OLDEST_YEAR:
        return f"{when} is before {OLDEST_YEAR}"
    if (when.year, when.month or 1, when.day or 1) > (today.year, today.month, today.day):
        return f"{when} is in the future"
    return None


def _one_digit_apart(x: int, y: int) -> bool:
    a, b = f"{x:04d}", f"{y:04d}"
    return sum(c != d for c, d in zip(a, b, strict=True)) == 1


def usable_date(text: str, today: date | None = None) -> tuple[PartialDate | None, str | None]:
    """The date as evidence (None when it is none) and a note on what was made of it.

    1 January of a real year is read as the year only: it is the usual default when a
    document gives no day and month.
    """
    parsed = parse_date(text)
    if parsed is None:
        return None, f"'{text.strip()}' is not a readable date"
    problem = date_problem(parsed, today)
    if problem is not None:
        return None, problem
    if parsed.month == 1 and parsed.day == 1:
        return PartialDate(
            parsed.year
        ), f"{parsed}: 1 January, the usual default, read as {parsed.year}"
    return parsed, None


def _same_year(a: PartialDate, b: PartialDate) -> tuple[float, str]:
    if a.month is None or b.month is None:
        return 0.6, f"same year {a.year}; month or day unknown in one"
    if a.month == b.month:
        if a.day is None or b.day is None:
            return 0.8, f"same year and month {a.year}-{a.month:02d}; day unknown in one"
        if _one_digit_apart(a.day, b.day):
            return 0.5, f"{a} / {b}: days differ by one digit"
        return 0.2, f"{a} / {b}: same year and month, different days"
    if a.day is not None and (a.day, a.month) == (b.month, b.day):
        return 0.7, f"{a} / {b}: day and month swapped"
    return 0.1, f"{a} / {b}: same year, different months"


def compare_dates(a: str, b: str, today: date | None = None) -> DateComparison:
    """Compare two dates of birth as written; partial dates agree as far as both go."""
    da, note_a = usable_date(a, today)
    db, note_b = usable_date(b, today)
    notes = tuple(f"{side}: {n}" for side, n in (("A", note_a), ("B", note_b)) if n)
    if da is None or db is None:
        return DateComparison(0.0, (*notes, "a date that says nothing is no evidence"), False)
    if da == db:
        return DateComparison(1.0, (*notes, f"same date of birth {da}"), True)
    if da.year == db.year:
        score, reason = _same_year(da, db)
        return DateComparison(score, (*notes, reason), True)
    same_day = da.day is not None and (da.month, da.day) == (db.month, db.day)
    if same_day and (_one_digit_apart(da.year, db.year) or abs(da.year - db.year) == 1):
        return DateComparison(0.5, (*notes, f"{da} / {db}: years differ by one digit"), True)
    if abs(da.year - db.year) == 1:
        return DateComparison(0.2, (*notes, f"{da} / {db}: a year apart"), True)
    return DateComparison(0.0, (*notes, f"different dates of birth {da} / {db}"), True)
