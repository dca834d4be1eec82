"""Values as people write them: dates, numbers, yes and no, read the same by every door."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from amanat.names.dates import PartialDate
from amanat.register.parsing import (
    NumberFormat,
    full_date,
    parse_date,
    parse_number,
    parse_whole,
    parse_yes_no,
)
from amanat.register.reasons import Unfit

# An import profile's default: full dates, and the partial ones of a date of birth.
FORMATS = ("dd.mm.yyyy", "yyyy-mm-dd", "mm.yyyy", "yyyy-mm", "yyyy")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14.03.1985", PartialDate(1985, 3, 14)),
        ("4.3.1985", PartialDate(1985, 3, 4)),
        ("1985-03-14", PartialDate(1985, 3, 14)),
        ("00.00.1985", PartialDate(1985)),
        ("00.03.1985", PartialDate(1985, 3)),
        ("03.1985", PartialDate(1985, 3)),
        ("1985", PartialDate(1985)),
        ("14.03.1985 0:00:00", PartialDate(1985, 3, 14)),
        (dt.datetime(1985, 3, 14), PartialDate(1985, 3, 14)),
    ],
)
def test_dates_full_and_partial(text: object, expected: PartialDate) -> None:
    assert parse_date(text, FORMATS) == expected


@pytest.mark.parametrize(
    ("text", "code"), [("31.02.2001", "not_a_real_date"), ("yesterday", "not_a_date")]
)
def test_bad_dates_are_named(text: str, code: str) -> None:
    with pytest.raises(Unfit) as caught:
        parse_date(text, FORMATS)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("text", "numbers", "expected"),
    [
        ("1 234,5", NumberFormat(), Decimal("1234.5")),
        ("1.234,5", NumberFormat(), Decimal("1234.5")),
        ("1,234.5", NumberFormat(), Decimal("1234.5")),
        ("0,75", NumberFormat(), Decimal("0.75")),
        ("1\u00a0500", NumberFormat(), Decimal("1500")),
        ("1,500", NumberFormat(decimal=".", thousands=","), Decimal("1500")),
    ],
)
def test_numbers_with_commas_and_separators(
    text: str, numbers: NumberFormat, expected: Decimal
) -> None:
    assert parse_number(text, numbers) == expected


def test_yes_and_no_in_both_languages() -> None:
    assert [parse_yes_no(v) for v in ("да", "Нет", "yes", "0")] == [True, False, True, False]
    with pytest.raises(Unfit):
        parse_yes_no("maybe")


def test_a_full_date_as_every_door_reads_it() -> None:
    assert full_date("2024-03-15") == full_date("15.03.2024") == dt.date(2024, 3, 15)
    for text, code in (("2024", "not_a_date"), ("03/15/2024", "not_a_date")):
        with pytest.raises(Unfit) as caught:
            full_date(text)
        assert caught.value.code == code
    with pytest.raises(Unfit) as caught:
        full_date(2024)
    assert caught.value.code == "not_a_full_date"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1 000", 1000), ("1\u202f000", 1000), (12.0, 12), ("7,0", 7), (Decimal("3"), 3)],
)
def test_whole_numbers(value: object, expected: int) -> None:
    assert parse_whole(value) == expected


@pytest.mark.parametrize("value", ["2,5", "two", True, "", [1]])
def test_what_is_not_a_whole_number(value: object) -> None:
    with pytest.raises(Unfit) as caught:
        parse_whole(value)
    assert caught.value.code == "not_a_whole_number"


def test_infinite_and_odd_numbers_are_not_numbers() -> None:
    for value in ("nan", "Infinity", float("inf"), None, True):
        with pytest.raises(Unfit):
            parse_number(value)


def test_a_ticked_box_is_yes() -> None:
    assert (parse_yes_no("on"), parse_yes_no("off"), parse_yes_no(1)) == (True, False, True)
