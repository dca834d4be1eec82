"""Dates in a report, as precise as the text gives them, relative ones ("вчера",
"last Tuesday") counted from the report's own date.

A date phrase is found by a pattern first: dateparser's own search reads bare numbers
("20 kg") as dates, and an invented date is worse than none.  Absolute dates are read
from the pattern's parts (dateparser misses the Russian locative "в марте 2022");
dateparser reads the relative ones ("вчера", "3 days ago") from the report's date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from amanat.reports.candidates import DateFound

RU_MONTHS = (
    r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
    r"январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре"
)
EN_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
KK_MONTHS = r"қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан"
MONTHS = rf"(?:{RU_MONTHS}|{EN_MONTHS}|{KK_MONTHS})\w*"
YEAR = r"(?:19|20)\d{2}"
DAY = r"(?:[12]\d|3[01]|0?[1-9])"

# A month by the start of its name, in every language read ("марта", "марте", "Mar").
MONTH_STARTS = {
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "мая": 5,
    "мае": 5,
    "май": 5,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
    "jan": 1,
    "feb": 2,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "қаң": 1,
    "ақп": 2,
    "нау": 3,
    "сәу": 4,
    "мам": 5,
    "мау": 6,
    "шіл": 7,
    "там": 8,
    "қыр": 9,
    "қаз": 10,
    "қар": 11,
    "жел": 12,
}
WEEKDAYS = (
    ("понедельник", "monday"),
    ("вторник", "tuesday"),
    ("сред", "wednesday"),
    ("четверг", "thursday"),
    ("пятниц", "friday"),
    ("суббот", "saturday"),
    ("воскресень", "sunday"),
)
D, M, Y = rf"(?P<d>{DAY})", rf"(?P<m>{MONTHS})", rf"(?P<y>{YEAR})"

# Most precise first: each character is read by the first that matches it.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("numeric", re.compile(rf"\b{D}\.(?P<n>0?[1-9]|1[0-2])\.{Y}\b")),
    ("iso", re.compile(rf"\b{YEAR}-(?:0[1-9]|1[0-2])-(?:[0-2]\d|3[01])\b")),
    # Kazakh: "2023 жылғы 5 наурызда" (before "5 наурызда" alone takes the day).
    ("day", re.compile(rf"\b{Y}\s+жылғы\s+{D}\s+{M}", re.IGNORECASE)),
    ("day", re.compile(rf"\b{D}(?:st|nd|rd|th)?\s+{M}(?:\s+{Y})?", re.IGNORECASE)),
    ("day", re.compile(rf"\b{M}\s+{D}(?:st|nd|rd|th)?(?:,\s*{Y})?\b", re.IGNORECASE)),
    ("month", re.compile(rf"\b{M}\s+{Y}", re.IGNORECASE)),
    (
        "weekday",
        re.compile(
            r"(?:прошл|минувш)\w+\s+(?P<w>понедельник|вторник|сред\w|четверг|пятниц\w|суббот\w|"
            r"воскресень\w)|\blast\s+(?P<w2>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
            re.IGNORECASE,
        ),
    ),
    # A weekday alone ("on Tuesday", "в субботу"): the latest such day up to the report's.
    (
        "weekday",
        re.compile(
            r"\b(?:во?|on)\s+(?P<w>понедельник|вторник|сред[уy]|четверг|пятниц[уy]|суббот[уy]|"
            r"воскресенье|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
            re.IGNORECASE,
        ),
    ),
    # A month alone ("in March", "в марте", "in early August"): the latest such month.
    (
        "month",
        re.compile(
            rf"\b(?:(?:in|during|by)\s+(?:(?:early|mid|late|the\s+end\s+of)[\s-]+)?|"
            rf"(?:в|во)\s+(?:начале\s+|середине\s+|конце\s+)?)(?P<m>{MONTHS})\b(?!\s+{YEAR})",
            re.IGNORECASE,
        ),
    ),
    # "last year", "в прошлом году", "this year": a year counted from the report's.
    (
        "year_relative",
        re.compile(
            r"\b(?P<r>last|this|past|previous|прошл\w+|минувш\w+|эт\w+|текущ\w+)\s+"
            r"(?:year|году|год)\b|\b(?P<r2>с\s+начала|since\s+the\s+(?:start|beginning)\s+of)\s+"
            r"(?:the\s+|текущего\s+)?(?:year|года)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?:вчера|позавчера|сегодня|yesterday|today|кеше|бүгін)\b"
            r"|\b\d+\s+(?:дн\w+|недел\w+|days?|weeks?)\s+(?:назад|ago)\b",
            re.IGNORECASE,
        ),
    ),
    ("year", re.compile(rf"\b{Y}(?=\s*(?:год|году|г\.|жыл)|\b)")),
)


def _month(word: str) -> int | None:
    word = word.casefold()
    return MONTH_STARTS.get(word[:3]) or MONTH_STARTS.get(word[:3].replace("mar", "мар"))


def _relative(phrase: str, language: str, base: dt.date) -> dt.date | None:
    import dateparser

    settings: Any = {
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time(12)),
        "PREFER_DATES_FROM": "past",
    }
    languages = [language, "en"] if language != "en" else ["en"]
    parsed = dateparser.parse(phrase, languages=languages, settings=settings)
    return parsed.date() if parsed is not None else None


def _weekday(word: str, base: dt.date, today: bool = False) -> dt.date:
    """The latest such weekday before the report's date ("last Tuesday"), or up to it
    ("on Tuesday" in Tuesday's report is that day)."""
    word = word.casefold()
    number = next(i for i, names in enumerate(WEEKDAYS) if word.startswith(names))
    back = (base.weekday() - number) % 7
    return base - dt.timedelta(days=back if today or back else 7)


def _value(kind: str, match: re.Match[str], language: str, base: dt.date) -> str | None:
    """The date a match names, as precise as it is; None when it names no real date."""
    found = match.groupdict()
    try:
        if kind == "iso":
            return dt.date.fromisoformat(match.group(0)).isoformat()
        if kind == "numeric":
            return dt.date(int(found["y"]), int(found["n"]), int(found["d"])).isoformat()
        if kind in ("day", "month"):
            month = _month(found["m"])
            if month is None:
                return None
            year = int(found["y"]) if found.get("y") else base.year
            if kind == "month":
                if not found.get("y") and month > base.month:
                    year -= 1
                return f"{year:04d}-{month:02d}"
            day = dt.date(year, month, int(found["d"]))
            if not found.get("y") and day > base:
                day = day.replace(year=year - 1)
            return day.isoformat()
    except ValueError:
        return None
    if kind == "weekday":
        if found.get("w2") is not None or match.group(0).casefold()[:4] in ("про", "мин"):
            return _weekday(found.get("w") or found["w2"], base).isoformat()
        return _weekday(found["w"], base, today=True).isoformat()
    if kind == "year_relative":
        word = (found["r"] or found["r2"]).casefold()
        back = 0 if word.startswith(("this", "эт", "текущ", "с", "since")) else 1
        return str(base.year - back)
    if kind == "relative":
        relative = _relative(match.group(0), language, base)
        return relative.isoformat() if relative else None
    return found["y"]


def _taken(taken: list[tuple[int, int]], start: int, stop: int) -> bool:
    return any(start < b and a < stop for a, b in taken)


def find_dates(text: str, language: str, base: dt.date) -> list[DateFound]:
    """Dates in ``text`` with their offsets; a day without a year takes the base's
    year (the latest such day not after the report's date)."""
    found: list[DateFound] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if _taken(taken, match.start(), match.end()):
                continue
            value = _value(kind, match, language, base)
            if value is None or value[:4] > str(base.year):
                continue
            taken.append((match.start(), match.end()))
            found.append(DateFound(value, match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)
