"""Blind indexes: equal values match, nothing else does."""

from __future__ import annotations

import pytest

from amanat.access.vault import blind_index, derive_blind_index_key, generate_master_key

MASTER = generate_master_key()
DOCUMENTS = derive_blind_index_key(MASTER, "document_number")


def test_equal_values_have_equal_indexes() -> None:
    again = derive_blind_index_key(MASTER, "document_number")
    assert blind_index(DOCUMENTS, "N1234567") == blind_index(again, "N1234567")


def test_different_values_kinds_or_deployments_differ() -> None:
    index = blind_index(DOCUMENTS, "N1234567")
    assert index != blind_index(DOCUMENTS, "N1234568")
    assert index != blind_index(derive_blind_index_key(MASTER, "name_key"), "N1234567")
    other = derive_blind_index_key(generate_master_key(), "document_number")
    assert index != blind_index(other, "N1234567")


def test_index_is_128_bit_hex_without_the_value() -> None:
    index = blind_index(DOCUMENTS, "N1234567")
    assert len(index) == 32 and int(index, 16) >= 0
    assert "1234567" not in index


def test_empty_values_are_not_indexed() -> None:
    with pytest.raises(ValueError):
        blind_index(DOCUMENTS, "")
    with pytest.raises(ValueError):
        derive_blind_index_key(MASTER, "")
