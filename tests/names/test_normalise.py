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
    ],
)
def test_normalise(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


def test_words() -> None:
    assert words("Бакыт  Асан уулу!") == ("бакыт", "асан", "уулу")
