"""Masses, counts and prison terms, in figures or in words."""

from __future__ import annotations

from amanat.reports.quantities import find_quantities


def _found(text: str) -> list[tuple[str, float, str | None]]:
    return [(q.kind, q.value, q.substance) for q in find_quantities(text)]


def test_russian() -> None:
    text = (
        "Изъяли 20 кг героина и 500 граммов гашиша, 3 пистолета. Переправили около "
        "тридцати человек. Приговорили к 8 годам лишения свободы."
    )
    assert _found(text) == [
        ("mass_kg", 20.0, "heroin"),
        ("mass_kg", 0.5, "hashish"),
        ("weapons", 3.0, None),
        ("people", 30.0, None),
        ("prison_years", 8.0, None),
    ]


def test_english() -> None:
    text = "They seized 1.5 tonnes of hashish, rescued 12 victims and got 10 years in prison."
    assert _found(text) == [
        ("mass_kg", 1500.0, "hashish"),
        ("victims", 12.0, None),
        ("prison_years", 10.0, None),
    ]


def test_a_list_of_terms_is_one_term_each_but_ages_are_none() -> None:
    assert _found("The court sentenced them to 12 and 9 years in prison respectively.") == [
        ("prison_years", 12.0, None),
        ("prison_years", 9.0, None),
    ]
    assert [v for _, v, _ in _found("Приговорены к 9, 7 и 5 годам.")] == [9.0, 7.0, 5.0]
    assert _found("Задержанным 23 и 27 лет.") == []


def test_thousands_separators_and_decimal_commas() -> None:
    assert _found("reported 1,250 kg of opium") == [("mass_kg", 1250.0, "opium")]
    assert _found("изъято 2,1 тонны гашиша") == [("mass_kg", 2100.0, "hashish")]


def test_people_counted_in_words() -> None:
    assert _found("Both men were held.") == [("people", 2.0, None)]
    assert _found("задержали двоих жителей области") == [("people", 2.0, None)]
    assert _found("освободили шесть девушек") == [("people", 6.0, None)]
