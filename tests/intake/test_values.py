"""Cells as agencies write them become register values, or a named problem."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from amanat.intake.lookups import Lookup
from amanat.intake.problems import Invalid, render
from amanat.intake.values import (
    DEFAULT_DATE_FORMATS,
    NumberFormat,
    parse_date,
    parse_number,
    parse_yes_no,
)
from amanat.names.dates import PartialDate


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
    assert parse_date(text, DEFAULT_DATE_FORMATS) == expected


@pytest.mark.parametrize(
    ("text", "code"), [("31.02.2001", "not_a_real_date"), ("yesterday", "not_a_date")]
)
def test_bad_dates_are_named(text: str, code: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_date(text, DEFAULT_DATE_FORMATS)
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
    with pytest.raises(Invalid):
        parse_yes_no("maybe")


def test_vocabulary_values_by_code_label_alpha3_and_profile() -> None:
    country = Lookup("country", {})
    assert [country(v) for v in ("KZ", "Казахстан", "kaz", "Kazakhstan")] == ["KZ"] * 4
    sex = Lookup("sex", {"муж.": "male", "н/д": None})
    assert (sex("муж."), sex("Женский"), sex("н/д")) == ("male", "female", None)
    with pytest.raises(Invalid) as caught:
        sex("x")
    assert caught.value.code == "unknown_value"
    assert "«Пол» (sex)" in render(caught.value.code, caught.value.params, "ru")
