"""An event's country and date from its sentence: not a citizenship, a destination or
the other side of a border; not a relative clause's date; a statistic by its period."""

from __future__ import annotations

import datetime as dt

from amanat.reports.dates import find_dates
from amanat.reports.entities import gazetteer_mentions
from amanat.reports.gazetteer import countries
from amanat.reports.placing import date_of, place_of


def _place(text: str) -> tuple[str | None, str | None]:
    return place_of(text, gazetteer_mentions(text, countries()))


def test_a_city_or_region_places_the_event() -> None:
    assert _place("Police in Bishkek arrested two men.") == ("KG", "Bishkek")
    assert _place("В Туркестанской области изъяли гашиш.") == ("KZ", "Туркестанской")
    assert _place("В Оше задержали двоих.") == ("KG", "Оше")


def test_citizenship_destination_and_border_are_not_the_place() -> None:
    assert _place("Задержан гражданин Кыргызстана.") == (None, None)
    assert _place("Они переправили людей в Казахстан.") == (None, None)
    assert _place("A recruiter sent 40 women to Dubai.") == (None, None)
    assert _place("Guards seized rifles on the border with China.") == (None, None)
    # The locative is where it happened.
    assert _place("Его задержали в Казахстане.") == ("KZ", None)


def test_a_demonym_places_only_its_agency() -> None:
    assert _place("Tajik border guards intercepted a car.") == ("TJ", None)
    assert _place("Police detained two Afghan nationals.") == (None, None)


def test_the_events_date() -> None:
    base = dt.date(2024, 11, 18)
    text = "Трое жителей, которые в 2022 году переправили людей, признаны виновными."
    assert date_of("conviction", text, find_dates(text, "ru", base)) is None
    text = "The ministry said on Friday it registered 212 offences in 2023."
    assert date_of("statistic", text, find_dates(text, "en", base)) == "2023"
    assert date_of("arrest", text, find_dates(text, "en", base)) == "2024-11-15"
