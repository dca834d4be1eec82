"""The clean form every key starts from."""

from __future__ import annotations

import pytest

from amanat.names.normalise import normalise, words


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  ДЖУМАНБЕКОВ,  Ерлан (1985) ", "джуманбеков ерлан"),
        ("Джумaнбеков", "джуманбеков"),
        ("O‘rinboyev G`ulom", "o'rinboyev g'ulom"),
        ("Абдул-Азиз", "абдулазиз"),
        ("«Иванов»  - Иван.", "иванов иван"),
        ("Ерлан\tСерикович\n", "ерлан серикович"),
        ("İlham", "ilham"),
        ("", ""),
        ("-", ""),
        ("'", ""),
        # MVD 310 writes ъ as an ASCII quote, GOST 7.79 B as two backticks: signs inside
        # a word, quotation marks at its edges (issue 14: Pod"yachev was two words)
        ('Pod"yachev', "pod'yachev"),
        ("s``esh`", "s'esh"),
        ('Иванов "Ваня" Иван', "иванов ваня иван"),
    ],
)
def test_normalise(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


def test_words() -> None:
    assert words("Бакыт  Асан уулу!") == ("бакыт", "асан", "уулу")
