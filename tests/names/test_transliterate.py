"""Cyrillic to Latin by the schemes documents use."""

from __future__ import annotations

import re

import pytest

from amanat.names.compare import Decision, compare_names
from amanat.names.phonetic import phonetic_key
from amanat.names.transliterate import (
    SCHEMES,
    Scheme,
    guess_language,
    transliterate,
    written_as,
)

CYRILLIC = re.compile(r"[\u0400-\u052f]")
REGIONAL = "ӘҒҚҢӨҰҮҺІЎҲӢӮҶәғқңөұүһіўҳӣӯҷ"
# Schemes whose spellings the phonetic key cannot fold: French ch is ш and ou is у where
# every other scheme's ch is ч; UNGEGN writes й, ю, я as j, ju, ja where Uzbek and Kazakh
# Latin write ж as j.  Names in them are matched by reading them (``written_as``).
READ_NOT_KEYED = ("mvd_310_fr", "ungegn_1987")


@pytest.mark.parametrize(
    ("scheme", "latin"),
    [
        ("icao", "Dzhumanbekov Erlan"),
        ("bgn_pcgn", "Dzhumanbekov Yerlan"),
        ("gost_779", "Džumanbekov Erlan"),
        ("mvd_310", "Dzhumanbekov Erlan"),
        ("mvd_310_fr", "Djoumanbekov Erlan"),
        ("mvd_782", "Dzhumanbekov Erlan"),
        ("ungegn_1987", "Džumanbekov Erlan"),
        ("wikipedia", "Dzhumanbekov Yerlan"),
    ],
)
def test_russian_letters_follow_the_scheme(scheme: Scheme, latin: str) -> None:
    assert transliterate("Джуманбеков Ерлан", scheme) == latin


@pytest.mark.parametrize(
    ("cyrillic", "scheme", "language", "latin"),
    [
        ("Жаңабек Серікұлы", "icao", "kk", "Zhanabek Serikuly"),
        ("Жаңабек Серікұлы", "bgn_pcgn", "kk", "Zhangabek Serīkūly"),
        ("Жаңабек Серікұлы", "national", "kk", "Jañabek Serıkūly"),  # Kazakh Latin 2021
        ("Ўринбоев Ғулом", "national", "uz", "Oʻrinboyev Gʻulom"),  # Uzbek Latin
        ("Ўринбоев Ғулом", "icao", "uz", "Urinboev Gulom"),
        ("Ёқубов Эркин", "national", "uz", "Yoqubov Erkin"),
        ("Бакыт Асан уулу Үсөнов", "bgn_pcgn", "ky", "Bakyt Asan uulu Üsönov"),
        ("Ҷамшед Раҳмонзода", "icao", "tg", "Jamshed Rahmonzoda"),
        ("Ҷамшед Раҳмонзода", "bgn_pcgn", "tg", "Jamshed Raḩmonzoda"),
    ],
)
def test_regional_letters(cyrillic: str, scheme: Scheme, language: str, latin: str) -> None:
    assert transliterate(cyrillic, scheme, language) == latin  # type: ignore[arg-type]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("language", ["ru", "kk", "ky", "uz", "tg"])
def test_no_cyrillic_letter_is_left(scheme: Scheme, language: str) -> None:
    text = "Ёж " + " ".join(f"А{letter}а" for letter in REGIONAL)
    assert not CYRILLIC.search(transliterate(text, scheme, language))  # type: ignore[arg-type]


NAMES = (
    "Джуманбеков Ерлан",
    "Ўринбоев Ғулом",
    "Серікұлы Қайрат",
    "Юсупова Юлия",
    "Васильева Дарья",
)


@pytest.mark.parametrize("scheme", [s for s in SCHEMES if s not in READ_NOT_KEYED])
def test_every_scheme_keeps_the_phonetic_key(scheme: Scheme) -> None:
    for name in NAMES:
        assert phonetic_key(transliterate(name, scheme)) == phonetic_key(name), (name, scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_scheme_is_read_back(scheme: Scheme) -> None:
    for name in NAMES:
        latin = transliterate(name, scheme)
        assert written_as(name, latin) is not None, (name, latin)
        assert compare_names(name, latin).decision is Decision.MATCH, (name, latin)


@pytest.mark.parametrize(
    ("cyrillic", "latin", "scheme"),
    [
        # MVD 310's " and BGN/PCGN's ” are one sign for ъ, not a break between words
        ("Подъячев", 'Pod"yachev', "bgn_pcgn"),
        ("Щеглова", "CHTCHEGLOVA", "mvd_310_fr"),
        ("Юлия", "Julija", "ungegn_1987"),
        ("Васильева", "Vasilʹeva", "gost_779"),
        ("Артём", "Artyem", "mvd_782"),
        ("Жанна", "Janna", "mvd_310_fr"),
        ("Ўринбоев", "Oʻrinboyev", "national"),
    ],
)
def test_a_latin_name_is_read_as_the_scheme_that_wrote_it(
    cyrillic: str, latin: str, scheme: Scheme
) -> None:
    assert written_as(cyrillic, latin) == scheme


def test_mvd_310_writes_a_quote_for_the_hard_sign_and_is_matched() -> None:
    # Issue 14: Pod"yachev scored 0.0 against its source (the quote split the word).
    latin = transliterate("Подъячев", "mvd_310")
    assert latin == 'Pod"yachev'
    assert compare_names("Подъячев", latin).decision is Decision.MATCH


def test_a_near_spelling_is_no_reading() -> None:
    assert written_as("Яна", "Janna") is None  # Jana (UNGEGN) is Яна; Janna is Жанна
    assert written_as("Иванов", "Ivanova") is None


def test_capitals_stay_capitals() -> None:
    assert transliterate("ЩУКИН Юлия") == "SHCHUKIN Iuliia"
    assert transliterate("ЎРИНБОЕВ", "national", "uz") == "OʻRINBOYEV"


def test_latin_and_other_text_pass_through() -> None:
    assert transliterate("McDonald Ерлан, 1985") == "McDonald Erlan, 1985"


@pytest.mark.parametrize(
    ("text", "language"),
    [("Иванов", "ru"), ("Ўринбоев", "uz"), ("Ҳасанов", "uz"), ("Ҷамшед", "tg"),
     ("Серікұлы", "kk"), ("Үсөнов", "ky")],
)  # fmt: skip
def test_guess_language(text: str, language: str) -> None:
    assert guess_language(text) == language


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown transliteration scheme"):
        transliterate("Иванов", "pinyin")  # type: ignore[arg-type]
