"""Bad values are refused when set, with the field and the value in the message."""

from __future__ import annotations

import datetime as dt

import pytest

from amanat.register import Case, IdentityDocument, InvalidValue, Person, SeizedDrug, Victim


def test_a_code_outside_the_vocabulary_names_field_and_value() -> None:
    with pytest.raises(InvalidValue) as caught:
        Case(case_type="kidnapping", jurisdiction="KZ")
    assert caught.value.field == "case_file.case_type"
    assert "'kidnapping'" in str(caught.value)
    assert "case_type" in str(caught.value)


def test_country_codes_are_checked_and_upper_cased() -> None:
    assert Case(case_type="tip", jurisdiction="kz").jurisdiction == "KZ"
    with pytest.raises(InvalidValue, match=r"case_file\.jurisdiction: 'XX'"):
        Case(case_type="tip", jurisdiction="XX")


def test_negative_quantities_are_refused() -> None:
    with pytest.raises(InvalidValue, match=r"seized_drug\.quantity_kg: -2 must not be negative"):
        SeizedDrug(substance="heroin", quantity_kg=-2)


def test_future_and_ancient_event_dates_are_refused() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(InvalidValue, match="is in the future"):
        Case(case_type="drugs", jurisdiction="TJ", opened_on=tomorrow)
    with pytest.raises(InvalidValue, match="before 1900"):
        Case(case_type="drugs", jurisdiction="TJ", opened_on=dt.date(1850, 1, 1))


@pytest.mark.parametrize(
    ("year", "month", "day", "message"),
    [
        (1990, 2, 30, "is not a real date"),
        (None, 3, None, "without a year"),
        (1990, None, 4, "day without a month"),
    ],
)
def test_impossible_partial_birth_dates(
    year: int | None, month: int | None, day: int | None, message: str
) -> None:
    person = Person(birth_year=year, birth_month=month, birth_day=day)
    with pytest.raises(InvalidValue, match=message):
        person.check_record()


def test_partial_birth_dates_are_kept_at_their_precision() -> None:
    assert Person(birth_year=1985).birth_date_text == "1985"
    assert Person(birth_year=1985, birth_month=3).birth_date_text == "1985-03"
    assert Person(birth_year=1985, birth_month=3, birth_day=9).birth_date_text == "1985-03-09"


def test_month_and_age_ranges() -> None:
    with pytest.raises(InvalidValue, match=r"person\.birth_month: 13"):
        Person(birth_month=13)
    with pytest.raises(InvalidValue, match=r"victim\.age_at_exploitation: 130"):
        Victim(age_at_exploitation=130)


def test_document_expiry_must_follow_issue() -> None:
    document = IdentityDocument(
        doc_type="national_passport",
        number="N1234567",
        issued_on=dt.date(2020, 5, 1),
        expires_on=dt.date(2019, 5, 1),
    )
    with pytest.raises(InvalidValue, match="expires_on: '2019-05-01' is not after issued_on"):
        document.check_record()


def test_a_value_longer_than_its_column_is_refused_naming_the_field() -> None:
    from amanat.register import Vehicle

    vehicle = Vehicle()
    with pytest.raises(InvalidValue, match=r"vehicle\.vin: 'X{18}' is longer than 17 characters"):
        vehicle.vin = "X" * 18
    with pytest.raises(InvalidValue, match=r"vehicle\.make: 'M{40}…' is longer than 60"):
        vehicle.make = "M" * 61
    vehicle.vin = "XTA21099012345678"
    assert vehicle.vin == "XTA21099012345678"
