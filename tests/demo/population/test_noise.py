from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date

from amanat.demo.population import STYLES, Identity, corrupt, recorded_birth_date, spell
from amanat.demo.population.noise import mistype
from amanat.demo.population.spelling import NameSpelling

ERLAN = NameSpelling(
    full_name="Жумабеков Ерлан Серикович",
    given="Ерлан",
    patronymic="Серикович",
    family="Жумабеков",
    script="Cyrl",
    lang="ru",
    style="russian_cyrillic",
    order="FGP",
)


def test_rate_zero_changes_nothing(people: list[Identity]) -> None:
    rng = random.Random(1)
    for person in people:
        for style in STYLES:
            written = spell(rng, person, style)
            assert corrupt(rng, written, 0.0) is written


def test_rate_one_always_changes_something() -> None:
    rng = random.Random(2)
    results = [corrupt(rng, ERLAN, 1.0) for _ in range(2_000)]
    changed = [r for r in results if r != ERLAN]
    assert len(changed) > 0.95 * len(results)
    for result in results:
        assert result.full_name == " ".join(
            p for p in (result.family, result.given, result.patronymic) if p
        )


def test_the_rate_is_the_share_of_corrupted_records() -> None:
    rng = random.Random(3)
    changed = sum(corrupt(rng, ERLAN, 0.2) != ERLAN for _ in range(5_000))
    assert 800 < changed < 1_200


def test_error_kinds_all_occur() -> None:
    rng = random.Random(4)
    names = {corrupt(rng, ERLAN, 1.0).full_name for _ in range(3_000)}
    assert "Жумабеков Ерлан" in names  # patronymic dropped
    assert any(n.startswith("Жумабеков Е.") for n in names)  # initials
    assert "ЖУМАБЕКОВ ЕРЛАН СЕРИКОВИЧ" in names
    assert any(ch in "".join(names) for ch in "aeopcyx")  # a Latin letter typed in Cyrillic
    typos = [n for n in names if abs(len(n) - len(ERLAN.full_name)) <= 1 and n.istitle()]
    assert len(typos) > 50  # one-letter slips, left in title case


def test_apostrophe_and_joiner_variants() -> None:
    rng = random.Random(5)
    uzbek = replace(
        ERLAN,
        full_name="O'rinboyev Jasur",
        family="O'rinboyev",
        given="Jasur",
        patronymic=None,
        script="Latn",
        style="uz_latin",
        order="FG",
    )
    families = {corrupt(rng, uzbek, 1.0).family for _ in range(2_000)}
    assert {"Orinboyev", "Oʻrinboyev", "O‘rinboyev"} <= families


def test_mistype_changes_one_thing() -> None:
    rng = random.Random(6)
    for _ in range(1_000):
        typo = mistype(rng, "Nurlan")
        assert typo != "Nurlan" and abs(len(typo) - 6) <= 1
    assert mistype(rng, "Ли") == "Ли"


PERSON = Identity(
    identity_id=7,
    nationality="KZ",
    sex="female",
    given="Айгүл",
    patronymic="Серікқызы",
    family="Омарова",
    name_style="kz_uly_patronymic",
    birth_date=date(1987, 3, 24),
    origin="KZ",
    father_given="Серік",
    family_root="Омар",
)


def test_recorded_birth_dates() -> None:
    rng = random.Random(8)
    dates = Counter(recorded_birth_date(rng, PERSON) for _ in range(20_000))
    full = dates[(1987, 3, 24)] / 20_000
    assert 0.65 < full < 0.8
    assert dates[(1987, None, None)] > 0
    assert dates[(1987, 3, None)] > 0
    assert dates[(None, None, None)] > 0
    assert dates[(1900, 1, 1)] > 0
    assert dates[(1987, 1, 1)] > 0
    assert dates[(1986, 3, 24)] + dates[(1988, 3, 24)] > 0
    assert set(dates) <= {
        (1987, 3, 24), (1987, None, None), (1987, 3, None), (None, None, None), (1900, 1, 1),
        (1987, 1, 1), (1986, 3, 24), (1988, 3, 24),
    }  # fmt: skip  # 24 > 12: day and month cannot be swapped


def test_day_and_month_are_swapped_when_possible() -> None:
    rng = random.Random(9)
    early = replace(PERSON, birth_date=date(1987, 3, 5))
    dates = Counter(recorded_birth_date(rng, early) for _ in range(10_000))
    assert dates[(1987, 5, 3)] > 100
