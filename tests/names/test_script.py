"""Script detection and repair of look-alike letters."""

from __future__ import annotations

import pytest

from amanat.names.script import Script, detect_script, fix_homoglyphs, word_script


@pytest.mark.parametrize(
    ("word", "script"),
    [
        ("Джуманбеков", Script.CYRILLIC),
        ("Jumanbekov", Script.LATIN),
        ("O'rinboyev", Script.LATIN),
        ("Серікұлы", Script.CYRILLIC),
        ("Джумaнбеков", Script.MIXED),  # Latin a
        ("1985", Script.NONE),
        ("علي", Script.OTHER),
    ],
)
def test_word_script(word: str, script: Script) -> None:
    assert word_script(word) is script


def test_a_name_with_words_in_two_scripts_is_mixed() -> None:
    assert detect_script("Джуманбеков Erlan") is Script.MIXED
    assert detect_script("Джуманбеков Ерлан") is Script.CYRILLIC
    assert detect_script("-- 01.01.1900") is Script.NONE


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Джумaнбеков", "Джуманбеков"),  # Latin a in a Cyrillic word
        ("ДЖУМAНБЕКОВ", "ДЖУМАНБЕКОВ"),  # Latin A in capitals
        ("Сeрикoвич", "Серикович"),  # Latin e and o
        ("Jumаnbеkov", "Jumanbekov"),  # Cyrillic а and е in a Latin word
        ("Асанов Bakyt", "Асанов Bakyt"),  # two words, each in one script: untouched
    ],
)
def test_mixed_words_are_written_in_their_main_script(typed: str, meant: str) -> None:
    fixed = fix_homoglyphs(typed)
    assert fixed == meant
    assert all(word_script(w) is not Script.MIXED for w in fixed.split())


def test_a_word_of_look_alikes_only_goes_to_its_majority_script() -> None:
    assert fix_homoglyphs("COР") == "COP"  # two Latin letters, one Cyrillic
    assert fix_homoglyphs("СОP") == "СОР"
