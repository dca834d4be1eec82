"""Stand-ins for unknown names are recognised."""

from __future__ import annotations

import pytest

from amanat.names.placeholder import is_placeholder_name, is_placeholder_word, placeholder_reason

PLACEHOLDERS = ["Неизвестно", "unknown", "UNKNOWN", "N/A", "n.a.", "Н/Д", "-", "", "   ", "X",
                "XXX", "???", "ФИО", "неизвестно неизвестно", "Номаълум", "белгісіз",
                "unknоwn",  # Cyrillic о
                "A. B."]  # fmt: skip
NAMES = ["Джуманбеков Ерлан", "Ли", "Цой", "Ким Ерлан", "Asan uulu Bakyt", "Ann"]


@pytest.mark.parametrize("name", PLACEHOLDERS)
def test_placeholders(name: str) -> None:
    assert is_placeholder_name(name)
    assert placeholder_reason(name)


@pytest.mark.parametrize("name", NAMES)
def test_real_names_are_not_placeholders(name: str) -> None:
    assert not is_placeholder_name(name)
    assert placeholder_reason(name) is None


def test_placeholder_words_but_not_initials() -> None:
    assert is_placeholder_word("неизвестно")
    assert is_placeholder_word("ХХХ")
    assert not is_placeholder_word("Е")  # an initial
    assert not is_placeholder_word("Ерлан")
