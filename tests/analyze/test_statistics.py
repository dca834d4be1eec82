"""Indicator tables by hand, publication from CLEAR records only, and suppression.

Victims V1–V3 are CLEAR; the cases are not.  For the police: V1 (girl, 16) counts
in Kazakhstan through case 1; V2 (man, 30) and V3 (man, age unknown) too.  For
publication the cases cannot be used: V1 then counts where identified (Russia).
"""

from __future__ import annotations

from amanat.analyze.statistics import (
    indicator_tables,
    persons_at_stage,
    sdg_16_2_2,
    victims_by_country,
    victims_by_form,
    victims_by_sex_age,
    victims_glotip,
)

from .conftest import Monitoring


def cells(table: object) -> dict[tuple[str, str], int]:
    t = table
    return {
        (r, c): int(t.cells[i, j])  # type: ignore[attr-defined]
        for i, r in enumerate(t.rows)  # type: ignore[attr-defined]
        for j, c in enumerate(t.columns)  # type: ignore[attr-defined]
        if t.cells[i, j]  # type: ignore[attr-defined]
    }


def test_victims_by_sex_and_age(monitoring: Monitoring) -> None:
    table = victims_by_sex_age(
        monitoring.engine, monitoring.scope(country="KZ", year_from=2020, year_to=2020)
    )
    assert cells(table) == {("female", "0-17"): 1, ("male", "18+"): 1, ("male", "unknown"): 1}
    published = victims_by_sex_age(
        monitoring.engine, monitoring.scope(country="KZ", publishable_only=True)
    )
    assert cells(published) == {("male", "18+"): 1, ("male", "unknown"): 1}


def test_forms_and_glotip_groups(monitoring: Monitoring) -> None:
    forms = victims_by_form(monitoring.engine, monitoring.scope(country="KZ"))
    assert cells(forms) == {
        ("ForcedLabour", "male"): 2,
        ("Servitude", "male"): 1,
        ("SexualExploitation", "female"): 1,
    }
    assert forms.contributions == 2  # V3 has two forms
    glotip = victims_glotip(monitoring.engine, monitoring.scope(country="KZ"))
    assert cells(glotip) == {
        ("girls", "SexualExploitation"): 1,
        ("men", "ForcedLabour"): 1,
        ("unknown", "ForcedLabour"): 1,
        ("unknown", "Servitude"): 1,
    }


def test_persons_prosecuted_by_sex_and_citizenship(monitoring: Monitoring) -> None:
    table = persons_at_stage(
        monitoring.engine,
        monitoring.scope(country="KZ", year_from=2020, year_to=2020),
        "prosecuted",
    )
    assert cells(table) == {("male", "national"): 1, ("female", "foreign"): 1}
    assert (
        cells(
            persons_at_stage(
                monitoring.engine,
                monitoring.scope(country="KZ", publishable_only=True),
                "prosecuted",
            )
        )
        == {}
    )


def test_regional_table(monitoring: Monitoring) -> None:
    table = victims_by_country(monitoring.engine, monitoring.scope(publishable_only=True))
    assert cells(table) == {("KZ", "male"): 2, ("RU", "female"): 1}


def test_published_tables_show_no_small_count(monitoring: Monitoring) -> None:
    for table in indicator_tables(monitoring.engine, monitoring.scope(country="KZ")):
        for row in table.published().rows:
            assert all(not isinstance(v, int) or v == 0 or v >= 5 for v in row[1:]), (
                table.name,
                row,
            )


def test_sdg_rate() -> None:
    from amanat.analyze.crosstab import CrossTab

    table = CrossTab.of(
        "t",
        "t",
        "sex",
        [("male", "18+", 3), ("female", "0-17", 1)],
        ("female", "male"),
        ("0-17", "18+"),
    )
    rates = sdg_16_2_2(table, population=200_000)
    assert rates["male/18+"] == 1.5 and rates["total"] == 2.0
