from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date

import pytest

from amanat.demo.population import (
    NATIONALITIES,
    STYLES,
    Identity,
    NameSpelling,
    choose_style,
    spell,
    style_mix,
)
from amanat.demo.population.alphabets import NATIONAL_LETTERS

UZBEK = Identity(
    identity_id=1,
    nationality="UZ",
    sex="male",
    given="Жасур",
    patronymic="Бахтиёр ўғли",
    family="Ўринбоев",
    name_style="uz_ogli",
    birth_date=date(1990, 5, 17),
    origin="UZ",
    father_given="Бахтиёр",
    family_root="Ўринбой",
)
_APOSTROPHES = re.compile("[ʻ‘’`]")


def _spellings(person: Identity, style: str, n: int = 50) -> list[NameSpelling]:
    rng = random.Random(person.identity_id)
    return [spell(rng, person, style) for _ in range(n)]


def test_every_style_writes_everyone(people: list[Identity]) -> None:
    rng = random.Random(1)
    for person in people:
        for style in STYLES:
            written = spell(rng, person, style)
            assert written.full_name.strip() == written.full_name and written.full_name
            assert "  " not in written.full_name
            assert written.given, (person, style)
            assert written.given in written.full_name
            assert written.family is None or written.family in written.full_name
            assert written.style == style
            assert "G" in written.order and set(written.order) <= set("FGP")
            assert ("P" in written.order) == (written.patronymic is not None)


def test_russian_cyrillic_has_no_national_letters(people: list[Identity]) -> None:
    rng = random.Random(2)
    for person in people:
        written = spell(rng, person, "russian_cyrillic")
        assert not set(written.full_name.lower()) & NATIONAL_LETTERS, written
        assert re.fullmatch(r"[А-Яа-яЁё .-]+", written.full_name), written
        assert written.script == "Cyrl" and written.lang == "ru"


def test_icao_is_plain_ascii_latin(people: list[Identity]) -> None:
    rng = random.Random(3)
    for person in people:
        written = spell(rng, person, "icao")
        assert re.fullmatch(r"[A-Za-z -]+", written.full_name), (person, written)


def test_latin_styles_write_latin(people: list[Identity]) -> None:
    rng = random.Random(4)
    for person in people[:500]:
        for style in STYLES:
            written = spell(rng, person, style)
            if written.script == "Latn":
                assert not re.search("[\u0400-\u04ff]", written.full_name), written


def test_uz_latin_of_urinboev() -> None:
    family = {_APOSTROPHES.sub("'", s.family or "") for s in _spellings(UZBEK, "uz_latin")}
    assert family == {"O'rinboyev"}
    patronymics = {_APOSTROPHES.sub("'", s.patronymic or "") for s in _spellings(UZBEK, "uz_latin")}
    assert "Baxtiyor o'g'li" in patronymics
    assert {s.family for s in _spellings(UZBEK, "uz_latin", 300)} >= {"O'rinboyev", "Oʻrinboyev"}


def test_native_and_russian_cyrillic_differ_in_national_letters() -> None:
    native = {s.family for s in _spellings(UZBEK, "native_cyrillic")}
    russian = {s.family for s in _spellings(UZBEK, "russian_cyrillic")}
    assert native == {"Ўринбоев"}
    assert russian == {"Уринбоев"}


def test_icao_follows_the_issuing_country() -> None:
    assert {s.family for s in _spellings(UZBEK, "icao")} == {"Orinboyev"}
    kazakh = replace(UZBEK, nationality="KZ", origin="KZ", family="Жұмабеков", given="Ерлан")
    assert {s.family for s in _spellings(kazakh, "icao")} == {"Zhumabekov"}
    russian = replace(kazakh, nationality="RU", origin="RU", family="Соловьёв", given="Юлия")
    assert {s.given for s in _spellings(russian, "icao", 200)} == {"Iuliia", "Yuliya"}


def test_kz_latin_and_tr_latin_use_their_letters() -> None:
    kazakh = replace(UZBEK, nationality="KZ", origin="KZ", family="Жұмабеков", given="Шыңғыс")
    assert {s.given for s in _spellings(kazakh, "kz_latin")} == {"Şyñğys"}
    tajik = replace(UZBEK, nationality="TJ", origin="TJ", family="Ҷӯраев", given="Ҷамшед")
    assert {s.given for s in _spellings(tajik, "tr_latin")} == {"Camşed"}
    assert {s.given for s in _spellings(tajik, "informal_latin")} == {"Jamshed"}


def test_kyrgyz_uulu_fills_the_family_field() -> None:
    kyrgyz = replace(
        UZBEK,
        nationality="KG",
        origin="KG",
        given="Бакыт",
        family=None,
        patronymic="Асан уулу",
        name_style="kg_uulu",
        father_given="Асан",
    )
    for written in _spellings(kyrgyz, "russian_cyrillic"):
        assert written.family == "Асан уулу" and written.patronymic is None


def test_cis_agencies_put_the_family_name_first() -> None:
    orders = [s.order for s in _spellings(UZBEK, "russian_cyrillic", 500)]
    assert orders.count("FGP") > 0.7 * len(orders)
    latin = [s.order for s in _spellings(UZBEK, "informal_latin", 500)]
    assert latin.count("GF") > 0.5 * len(latin)


def test_afghan_names_vary_between_records() -> None:
    afghan = replace(
        UZBEK,
        nationality="AF",
        origin="AF",
        given="Mohammad",
        family="Karimi",
        patronymic=None,
        name_style="af_family",
        father_given="Ahmad",
    )
    given = {s.given for s in _spellings(afghan, "informal_latin", 300)}
    assert {"Mohammad", "Muhammad", "Mohammed"} <= given
    assert {s.given for s in _spellings(afghan, "russian_cyrillic", 300)} >= {"Мухаммад"}


@pytest.mark.parametrize("nationality", NATIONALITIES)
def test_central_asian_agencies_mostly_write_cyrillic(nationality: str) -> None:
    for country in ("KZ", "KG", "TJ", "RU"):
        mix = style_mix(country, nationality)
        cyrillic = mix.share("russian_cyrillic") + mix.share("native_cyrillic")
        assert cyrillic >= 0.5


def test_choose_style_mixes() -> None:
    rng = random.Random(6)
    assert {choose_style(rng, "TR", "KZ") for _ in range(200)} == {"icao", "tr_latin"}
    assert {choose_style(rng, "AE", "UZ") for _ in range(200)} <= {"icao", "informal_latin"}
    uzbek_agency = [choose_style(rng, "UZ", "UZ") for _ in range(1_000)]
    assert 0.3 < uzbek_agency.count("uz_latin") / 1_000 < 0.6
    ngo = {choose_style(rng, "DE", "TJ", "ngo") for _ in range(200)}
    assert ngo == {"informal_latin", "icao"}
    with pytest.raises(ValueError, match="org_kind"):
        choose_style(rng, "KZ", "KZ", "church")


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError, match="style"):
        spell(random.Random(1), UZBEK, "klingon")


def test_simulator_does_not_borrow_from_the_matching_code() -> None:
    from pathlib import Path

    import amanat.demo.population as population

    imports = re.compile(r"^\s*(from|import)\s+amanat\.names\b", re.MULTILINE)
    for module in Path(population.__file__).parent.glob("*.py"):
        assert not imports.search(module.read_text(encoding="utf-8")), module.name
