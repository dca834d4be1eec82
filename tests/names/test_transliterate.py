"""Cyrillic to Latin by the schemes documents use."""

from __future__ import annotations

import re

import pytest

from amanat.names.phonetic import phonetic_key
from amanat.names.transliterate import SCHEMES, Scheme, guess_language, transliterate

CYRILLIC = re.compile(r"[\u0400-\u052f]")
REGIONAL = "ӘҒҚҢӨҰҮҺІЎҲӢӮҶәғқңөұүһіўҳӣӯҷ"


@pytest.mark.parametrize(
    ("scheme", "latin"),
    [
        ("icao", "Dzhumanbekov Erlan"),
        ("bgn_pcgn", "Dzhumanbekov Yerlan"),
        ("gost_779", "Džumanbekov Erlan"),
        ("mvd_310", "Dzhumanbekov Erlan"),
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


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_scheme_keeps_the_phonetic_key(scheme: Scheme) -> None:
    for name in ("Джуманбеков Ерлан", "Ўринбоев Ғулом", "Серікұлы Қайрат", "Юсупова Юлия"):
        assert phonetic_key(transliterate(name, scheme)) == phonetic_key(name), (name, scheme)


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
