"""Numbers and dates as each language writes them (Babel): "1,095" and "1 095",
"2.5" and "2,5", no "3.00" for three weapons."""

from __future__ import annotations

import datetime as dt

from amanat.analyze.figures import Figures
from amanat.analyze.report.words import Words

NBSP = "\u00a0"


def test_english_and_russian_numbers() -> None:
    en, ru = Figures("en"), Figures("ru")
    assert (en.count(1095), ru.count(1095)) == ("1,095", f"1{NBSP}095")
    assert (en.amount(2.5), ru.amount(2.5)) == ("2.5", "2,5")
    assert en.amount(3.0) == "3" and en.amount(0.0) == "0"  # never "3.00" or "0.00"
    assert en.amount(877.567) == "877.57" and ru.amount(1234.5, 1) == f"1{NBSP}234,5"
    assert (en.share(0.62), ru.share(0.62)) == ("62%", f"62{NBSP}%")
    assert en.share(None) == "–"


def test_cells_keep_their_kind() -> None:
    en = Figures("en")
    assert [en.cell(v) for v in (3, 3.0, 2.5, "<5", None)] == ["3", "3", "2.5", "<5", ""]


def test_dates() -> None:
    day = dt.date(2026, 12, 6)
    assert Figures("en").date(day) == "December 6, 2026"
    assert Figures("ru").date(day) == "6 декабря 2026\u202fг."  # a narrow no-break space


def test_each_language_writes_its_own_numbers() -> None:
    """A report in Kazakh or Tajik writes numbers as those languages do; a language
    Amanat does not have gets an English report, numbers too (one language a page)."""
    assert Figures(Words("kk").lang).count(1095) == "1\u00a0095"
    assert Figures(Words("tg").lang).share(0.5) == "50%"
    words = Words("xx")
    assert words.lang == "en" and words("title") == "Country report"
    assert Figures(words.lang).count(1095) == "1,095"
    assert Figures("xx-nowhere").count(1095) == "1,095"  # Babel does not know it
    assert (
        Words("ru").period(2020, 2024) == "2020–2024 гг."
        and Words("ru").period(2024, 2024) == "2024 г."
        and Words("en").period(2024, 2024) == "2024"
    )
