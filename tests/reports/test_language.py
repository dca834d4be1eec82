"""The language of a report by its script and letters."""

from __future__ import annotations

from amanat.reports.language import detect_language


def test_russian_kazakh_english() -> None:
    assert detect_language("Полиция задержала двоих мужчин у границы.") == "ru"
    assert detect_language("Полиция шекара маңында екі ер адамды ұстады.") == "kk"
    assert detect_language("Police arrested two men near the border.") == "en"


def test_a_russian_text_quoting_a_kazakh_name_stays_russian() -> None:
    text = "Суд Алматы рассмотрел дело. " * 20 + "Свидетель — Әсел."
    assert detect_language(text) == "ru"
