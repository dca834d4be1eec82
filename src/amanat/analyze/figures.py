"""Numbers, shares and dates as readers of a language write them, from the Unicode
CLDR through Babel: "1,095" and "2.5" in English, "1 095" and "2,5" in Russian.

Counts are whole numbers; a quantity (kilograms, a ratio) shows at most its
``digits`` decimals and no trailing zeros ("3", not "3.00"); a share is a whole
per cent.  A language Babel does not know falls back to English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

FALLBACK = "en"
DASH = "–"  # no value: nothing to divide by, nothing to show


def locale_of(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK)


@dataclass(frozen=True)
class Figures:
    """Numbers and dates in one language."""

    lang: str = FALLBACK

    @property
    def locale(self) -> Locale:
        return locale_of(self.lang)

    def count(self, value: float) -> str:
        return format_decimal(round(value), format="#,##0", locale=self.locale)

    def amount(self, value: float, digits: int = 2) -> str:
        """A quantity: at most ``digits`` decimals, none when they are zeros."""
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def share(self, value: float | None) -> str:
        """A share (0.62) as a whole per cent ("62%", "62 %")."""
        return DASH if value is None else format_percent(value, locale=self.locale)

    def date(self, value: dt.date) -> str:
        return format_date(value, "long", locale=self.locale)

    def cell(self, value: str | float | bool | None, digits: int = 2) -> str:
        """A table cell: counts whole, quantities with decimals, text as it is."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, int):
            return self.count(value)
        if isinstance(value, float):
            return self.count(value) if value.is_integer() else self.amount(value, digits)
        return value
