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
