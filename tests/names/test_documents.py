"""Passport numbers as clerks write them (synthetic numbers)."""

from __future__ import annotations

import pytest

from amanat.names.documents import compare_documents, normalise_document_number


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("AA 481-73-02", "AA4817302"),
        ("аа4817302", "AA4817302"),  # Cyrillic series
        ("№ 48173025", "48173025"),
        ("N48173025", "N48173025"),  # a Kazakh series letter stays
        ("000000", None),
        ("123456789", None),
        ("нет", None),
        ("-", None),
        ("12", None),
        ("", None),
    ],
)
def test_normalise(written: str, number: str | None) -> None:
    assert normalise_document_number(written) == number


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        ("AA4817302", "аа 481 73 02", 1.0),
        ("AB0481730", "ABO481730", 0.9),  # letter O for zero
        ("N48173025", "48173025", 0.8),  # series in one only
        ("AA4817302", "AA4817320", 0.5),  # two digits swapped
        ("AA4817302", "AC7650391", 0.0),
    ],
)
def test_compare(a: str, b: str, score: float) -> None:
    for x, y in ((a, b), (b, a)):
        result = compare_documents(x, y)
        assert result.informative
        assert result.score == score
        assert result.reasons


def test_placeholder_numbers_are_no_evidence() -> None:
    result = compare_documents("000000", "000000")
    assert not result.informative and result.score == 0.0
