"""Partial, defaulted and impossible dates of birth."""

from __future__ import annotations

from datetime import date

import pytest

from amanat.names.dates import PartialDate, compare_dates, date_problem, parse_date

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1985", PartialDate(1985)),
        ("1985-03", PartialDate(1985, 3)),
        ("03.1985", PartialDate(1985, 3)),
        ("12.03.1985", PartialDate(1985, 3, 12)),
        ("1985-03-12", PartialDate(1985, 3, 12)),
        ("12/03/85", PartialDate(1985, 3, 12)),
        ("12 марта 1985", PartialDate(1985, 3, 12)),
        ("12-Mar-1985", PartialDate(1985, 3, 12)),
        ("00.03.1985", PartialDate(1985, 3)),
        ("XX.XX.1985", PartialDate(1985)),
        ("31.02.1985", None),
        ("13.13.1985", None),
        ("abc", None),
        ("", None),
        ("00.00.0000", None),
    ],
)
def test_parse_date(text: str, parsed: PartialDate | None) -> None:
    assert parse_date(text) == parsed


@pytest.mark.parametrize(
    "fake", [PartialDate(1900, 1, 1), PartialDate(1970, 1, 1), PartialDate(1850), PartialDate(2030)]
)
def test_fake_dates_are_flagged(fake: PartialDate) -> None:
    assert date_problem(fake, TODAY)


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("12.03.1985", "1985-03-12", 1.0, 1.0),
        ("03.1985", "12.03.1985", 0.7, 0.9),
        ("1985", "12.03.1985", 0.5, 0.7),
        ("01.01.1985", "12.03.1985", 0.5, 0.7),  # 1 January read as the year only
        ("12.03.1985", "03.12.1985", 0.6, 0.8),  # day and month swapped
        ("12.03.1985", "12.03.1986", 0.4, 0.6),  # a digit of the year
        ("12.03.1985", "13.04.1990", 0.0, 0.0),
    ],
)
def test_compare_dates(a: str, b: str, low: float, high: float) -> None:
    for x, y in ((a, b), (b, a)):
        result = compare_dates(x, y, TODAY)
        assert result.informative
        assert low <= result.score <= high, result


@pytest.mark.parametrize(
    ("a", "b"), [("01.01.1900", "01.01.1900"), ("01.01.1970", "01.01.1970"), ("2099", "2099"),
                 ("??", "??"), ("12.03.1985", "неизвестно")]
)  # fmt: skip
def test_dates_that_say_nothing_are_no_evidence(a: str, b: str) -> None:
    result = compare_dates(a, b, TODAY)
    assert not result.informative
    assert result.score == 0.0
    assert result.reasons
