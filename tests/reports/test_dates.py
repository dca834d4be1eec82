"""Dates as precise as the text, relative ones from the report's date."""

from __future__ import annotations

import datetime as dt

from amanat.reports.dates import find_dates

# A Wednesday.
BASE = dt.date(2024, 3, 20)


def _values(text: str, language: str) -> list[str]:
    return [d.value for d in find_dates(text, language, BASE)]


def test_russian_dates_at_each_precision() -> None:
    text = "12 марта 2024 года задержали. В марте 2022 года. В 2013 году. 05.02.2021."
    assert _values(text, "ru") == ["2024-03-12", "2022-03", "2013", "2021-02-05"]


def test_relative_dates_count_from_the_report() -> None:
    assert _values("Вчера суд вынес приговор.", "ru") == ["2024-03-19"]
    assert _values("В прошлый вторник изъяли груз.", "ru") == ["2024-03-19"]
    assert _values("Last Tuesday police arrested two men.", "en") == ["2024-03-19"]
    assert _values("Three days ago the court met.", "en") == []  # a word, not a number
    assert _values("3 days ago the court met.", "en") == ["2024-03-17"]


def test_a_day_without_a_year_is_not_after_the_report() -> None:
    assert _values("On December 3 they were arrested.", "en") == ["2023-12-03"]


def test_quantities_are_not_dates() -> None:
    assert _values("Изъято 20 кг героина и 30 патронов.", "ru") == []


def test_no_date_in_the_future_of_the_report() -> None:
    assert _values("The trial is set for 2031.", "en") == []


def test_a_weekday_alone_is_the_latest_such_day_up_to_the_report() -> None:
    # BASE is a Wednesday: "on Wednesday" is that day, "last Wednesday" the week before.
    assert _values("Police arrested two men on Tuesday.", "en") == ["2024-03-19"]
    assert _values("on Wednesday", "en") == ["2024-03-20"]
    assert _values("last Wednesday", "en") == ["2024-03-13"]
    assert _values("В субботу задержали двоих.", "ru") == ["2024-03-16"]


def test_a_month_without_its_year_is_the_latest_such_month() -> None:
    assert _values("in early February police", "en") == ["2024-02"]
    assert _values("Полиция в марте задержала", "ru") == ["2024-03"]
    # December has not come yet in March 2024: the last December was 2023's.
    assert _values("in December", "en") == ["2023-12"]
    # A month with its year keeps it; "since January" dates no event.
    assert _values("в марте 2021 года", "ru") == ["2021-03"]
    assert _values("detained since January", "en") == []


def test_years_counted_from_the_report() -> None:
    assert _values("осуждены в прошлом году", "ru") == ["2023"]
    assert _values("last year", "en") == ["2023"]
    assert _values("с начала года выявлено", "ru") == ["2024"]
