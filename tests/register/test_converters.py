"""One converter per column type: what each kind of column takes, and why it refuses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import class_mapper

from amanat.register import (
    RECORD_KINDS,
    Case,
    CaseRole,
    IdentityDocument,
    Person,
    PipelineEvent,
    Place,
    SeizedDrug,
    Seizure,
    Victim,
)
from amanat.register.converters import LONGEST_TEXT, ColumnType, converter
from amanat.register.reasons import REASONS, Unfit, said

TODAY = dt.date.today()
TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()

# (column, value as given, what the column holds) — or the reason's code if refused.
TAKEN: list[tuple[Any, object, object]] = [
    # A date: ISO or day.month.year, a real day, from 1900 to today.
    (Case.opened_on, "2024-03-15", dt.date(2024, 3, 15)),
    (Case.opened_on, "15.03.2024", dt.date(2024, 3, 15)),
    (Case.opened_on, dt.date(2024, 3, 15), dt.date(2024, 3, 15)),
    (Case.opened_on, "2024-02-30", "not_a_real_date"),
    (Case.opened_on, "1899-12-31", "too_early"),
    (Case.opened_on, TOMORROW, "in_future"),
    (Case.opened_on, 2024, "not_a_full_date"),
    (IdentityDocument.expires_on, TOMORROW, dt.date.fromisoformat(TOMORROW)),  # no check
    # A whole number: thousands spaces, the column's integer size, its own check.
    (Seizure.ammunition_rounds, "1 000", 1000),
    (Seizure.ammunition_rounds, 40.0, 40),
    (Seizure.ammunition_rounds, "12,5", "not_a_whole_number"),
    (Seizure.ammunition_rounds, "-1", "negative"),
    (Seizure.ammunition_rounds, 2**31, "out_of_range"),
    (Person.birth_year, "1985", 1985),
    (Person.birth_year, 40000, "out_of_range"),  # a SmallInteger
    (Person.birth_year, 1850, "not_a_year"),
    (Victim.age_at_exploitation, 121, "out_of_range"),
    (PipelineEvent.sentence_months, 12 * 100, "out_of_range"),
    (Person.birth_month, 13, "not_a_month"),
    # A decimal: a decimal comma, thousands spaces, the column's places and size.
    (Seizure.cash_amount, "2,5", Decimal("2.5")),
    (Seizure.cash_amount, "1 234,56", Decimal("1234.56")),
    (Seizure.cash_amount, "12.500", Decimal("12.50")),
    (Seizure.cash_amount, "12.345", "too_precise"),
    (Seizure.cash_amount, "1e15", "out_of_range"),
    (Seizure.cash_amount, "two", "not_a_number"),
    (Seizure.cash_amount, True, "not_a_number"),
    (SeizedDrug.quantity_kg, "0,1234", Decimal("0.1234")),
    (Place.latitude, "43,25", 43.25),
    (Place.latitude, "91", "out_of_range"),
    (Place.latitude, "NaN", "not_a_number"),
    # Yes or no, in English and Russian, and a ticked box.
    (CaseRole.is_public_official, "да", True),
    (CaseRole.is_public_official, "on", True),
    (CaseRole.is_public_official, False, False),
    (CaseRole.is_public_official, "maybe", "not_yes_no"),
    # A code of a vocabulary; a country's code in any case.
    (Case.case_type, "tip", "tip"),
    (Case.case_type, "TIP", "not_a_code"),
    (Case.jurisdiction, " kz ", "KZ"),
    (Case.jurisdiction, "QQ", "not_a_country"),
    # Text: trimmed, no NUL, within the column's length.
    (Case.title, "  Farm ring ", "Farm ring"),
    (Case.title, "x" * 300, "x" * 300),
    (Case.title, "x" * 301, "too_long"),
    (Case.title, "nul\x00byte", "not_text"),
    (Case.title, 12, "not_text"),
    (Case.summary, "x" * LONGEST_TEXT, "x" * LONGEST_TEXT),
    (Case.summary, "x" * (LONGEST_TEXT + 1), "too_long"),
    # The id of another record.
    (CaseRole.case_id, "17", 17),
    (CaseRole.case_id, 0, "out_of_range"),
    (CaseRole.case_id, 2**63, "out_of_range"),
]


@pytest.mark.parametrize(("column", "given", "held"), TAKEN)
def test_what_each_kind_of_column_takes(column: Any, given: object, held: object) -> None:
    convert = converter(column)
    if isinstance(held, str) and held in REASONS:
        with pytest.raises(Unfit) as caught:
            convert(given)
        assert caught.value.code == held
        assert str(caught.value) == said(held, caught.value.params, "en")
    else:
        assert convert(given) == held


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_blank_value_says_nothing(blank: object) -> None:
    for column in (Case.opened_on, Case.title, Seizure.cash_amount, CaseRole.is_public_official):
        assert converter(column)(blank) is None


def test_reading_twice_changes_nothing() -> None:
    # The API reads a request's value, and the register reads it again when it writes.
    for column, given, held in TAKEN:
        if isinstance(held, str) and held in REASONS:
            continue
        once = converter(column)(given)
        assert converter(column)(once) == once
        assert converter(column)(str(once) if not isinstance(once, bool) else once) == once


def test_every_column_of_every_record_has_a_converter() -> None:
    models = [
        part
        for model in RECORD_KINDS.values()
        for part in (model, *(r.mapper.class_ for r in class_mapper(model).relationships))
    ]
    columns = [c for model in models for c in class_mapper(model).local_table.columns]
    assert {converter(c).type for c in columns} == set(ColumnType)
