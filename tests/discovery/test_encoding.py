"""The encodings: Cyrillic and Latin spellings share their bits, keys and salts separate,
exact identifiers are equal only when their normalised values are."""

from __future__ import annotations

import numpy as np
import pytest

from amanat.discovery.encoding import (
    FOLDED_BYTES,
    canonical_key,
    derive_keys,
    dice,
    document_mac,
    name_filter,
    phone_mac,
    set_bits,
)

KEYS = derive_keys(b"k" * 32, "register")


def _dice(a: str, b: str, year_a: int | None = 1981, year_b: int | None = 1981) -> float:
    stored = name_filter(KEYS, [b], year_b)
    query = name_filter(KEYS, [a], year_a)
    assert stored is not None and query is not None
    matrix = np.frombuffer(stored, dtype=np.uint8).reshape(1, FOLDED_BYTES)
    return float(dice(query, matrix, set_bits(matrix))[0])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Шевченко Тарас", "Shevchenko Taras"),
        ("Джуманбеков Ерлан", "Zhumanbekov Yerlan"),
        ("Ўринбоев Шерзод", "Urinbaev Sherzod"),
        ("Шевченко Тарас Григорьевич", "Taras Shevchenko"),
    ],
)
def test_one_name_in_two_scripts_is_close(a: str, b: str) -> None:
    assert _dice(a, b) >= 0.86


def test_other_names_are_far() -> None:
    assert _dice("Шевченко Тарас", "Ivanov Sergei") < 0.6
    assert _dice("Aliev Rustam", "Aliev Ruslan") < 0.86


def test_the_year_salts_and_the_key_separates() -> None:
    assert _dice("Shevchenko Taras", "Shevchenko Taras", 1981, 1982) < 0.6
    other = derive_keys(b"k" * 32, "another agreement")
    assert other.key_id != KEYS.key_id
    assert name_filter(other, ["Shevchenko Taras"], 1981) != name_filter(
        KEYS, ["Shevchenko Taras"], 1981
    )
    assert derive_keys(b"k" * 32, "register") == KEYS


def test_a_filter_is_folded_and_says_nothing_in_plain() -> None:
    found = name_filter(KEYS, ["Shevchenko Taras"], 1981)
    assert found is not None and len(found) == FOLDED_BYTES
    assert b"SHEV" not in found and name_filter(KEYS, ["  "], 1981) is None


def test_exact_identifiers_match_after_normalising_only() -> None:
    a = document_mac(KEYS, "national_passport", "uz", "аа 123-45-67")
    assert a == document_mac(KEYS, "national_passport", "UZ", "AA1234567")
    assert a != document_mac(KEYS, "international_passport", "UZ", "AA1234567")
    assert document_mac(KEYS, "national_passport", "UZ", "нет") is None
    assert phone_mac(KEYS, "+77012345678") != phone_mac(KEYS, "+77012345679")
    assert canonical_key("Шевченко Тарас Григорьевич") == canonical_key("Taras Shevchenko")
