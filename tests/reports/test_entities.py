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


def test_a_latin_name_is_matched_whole() -> None:
    found = _found("Daniyar Testov, 34, was detained in Denmark.", "en")
    assert ("place", "Denmark", "DK") in found
    assert not any(text == "Daniyar" for _, text, _ in found)


def test_courts_are_organisations_and_generic_words_are_not() -> None:
    found = _found("Police said the Almaty city court jailed him. The Office declined.", "en")
    assert ("organisation", "Almaty city court", None) in found
    assert not any(text in ("Police", "The Office") for _, text, _ in found)
    found = _found("Андижанский областной суд осудил троих.", "ru")
    assert ("organisation", "Андижанский областной суд", None) in found


def test_a_known_place_is_no_person() -> None:
    found = _found("He sent women to the United Arab Emirates, the court said.", "en")
    assert [k for k, text, _ in found if text == "United Arab Emirates"] == ["place"]


def test_a_demonym_before_an_agency_names_its_country() -> None:
    mentions = DefaultEntities().mentions(
        "Tajik border guards detained two Afghan nationals.", "en", countries()
    )
    assert [(m.text, m.country) for m in mentions if m.kind == "place"] == [("Tajik", "TJ")]
