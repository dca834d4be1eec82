"""Entities: natasha's NER for Russian, rules for English, the gazetteer for both."""

from __future__ import annotations

from amanat.reports.entities import DefaultEntities, nominative_guess
from amanat.reports.gazetteer import countries


def _found(text: str, language: str) -> list[tuple[str, str, str | None]]:
    return [
        (m.kind, m.text, m.code) for m in DefaultEntities().mentions(text, language, countries())
    ]


def test_russian_people_and_inflected_countries() -> None:
    found = _found("В Казахстане задержали гражданина Узбекистана Азамата Тестова.", "ru")
    assert ("place", "Казахстане", "KZ") in found and ("place", "Узбекистана", "UZ") in found
    assert ("person", "Азамата Тестова", None) in found


def test_english_rules() -> None:
    found = _found("The Supreme Court of Kyrgyzstan heard suspect Aibek Testov.", "en")
    assert ("person", "Aibek Testov", None) in found
    assert ("place", "Kyrgyzstan", "KG") in found
    assert any(kind == "organisation" and "Supreme Court" in text for kind, text, _ in found)


def test_a_longer_word_is_not_the_country() -> None:
    # "Россиянин" (a Russian) starts with Россия's stem but is not the country.
    found = countries().find("Россиянин приехал в Россию.")
    assert [(start, stop, entry.code) for start, stop, entry in found] == [(20, 26, "RU")]


def test_nominative_guess() -> None:
    assert nominative_guess("Азамата Тестова") == "Азамат Тестов"
    assert nominative_guess("Тестовым Азаматом") == "Тестов Азамат"
    assert nominative_guess("Айгуль") == "Айгуль"
