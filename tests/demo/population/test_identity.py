from __future__ import annotations

import random
from collections import Counter

import pytest

from amanat.demo.population import Identity, make_identity, make_relative
from amanat.demo.population.grammar import russian_patronymic


def _many(nationality: str, sex: str, n: int = 3_000, year: int = 1980) -> list[Identity]:
    rng = random.Random(11)
    return [make_identity(rng, i, nationality, sex, year) for i in range(n)]


def test_kazakh_women_with_soviet_names_have_feminine_family_names() -> None:
    women = [p for p in _many("KZ", "female") if p.origin == "KZ"]
    soviet = [p for p in women if p.name_style in ("soviet", "kz_uly_patronymic")]
    assert len(soviet) > 1_000
    for woman in soviet:
        assert woman.family and woman.family.endswith(("ова", "ева", "ина")), woman
        assert woman.patronymic and woman.patronymic.endswith(("овна", "евна", "қызы")), woman
    for woman in (p for p in women if p.name_style == "kz_uly"):
        assert woman.family and woman.family.endswith("қызы")


def test_kazakh_men_never_get_feminine_forms() -> None:
    for man in _many("KZ", "male"):
        assert not (man.family or "").endswith(("ова", "ева", "қызы")), man


def test_child_patronymic_comes_from_father_given_name(
    kazakh_family: tuple[Identity, Identity, Identity],
) -> None:
    father, son, daughter = kazakh_family
    for child in (son, daughter):
        assert child.father_given == "Серік"
        assert child.family_root == father.family_root
        assert child.identity_id != father.identity_id
    expected = {
        "soviet": ("Серикович", "Сериковна"),
        "kz_uly_patronymic": ("Серікұлы", "Серікқызы"),
        "kz_root": ("Серікұлы", "Серікқызы"),
        "kz_uly": (None, None),
    }
    assert son.patronymic == expected[son.name_style][0]
    assert daughter.patronymic == expected[daughter.name_style][1]


@pytest.mark.parametrize("nationality", ["KZ", "KG", "UZ", "TJ", "TM", "RU", "TR", "AF"])
def test_children_of_men_follow_the_father(nationality: str) -> None:
    rng = random.Random(3)
    for i in range(300):
        father = make_identity(rng, i, nationality, "male", 1960)
        child = make_relative(rng, father, "child", 10_000 + i, "female", 1990)
        assert child.father_given == father.given
        assert child.nationality == father.nationality and child.origin == father.origin
        if child.name_style == "soviet":
            assert child.patronymic == russian_patronymic(father.given, "female")
        if child.name_style in ("kg_uulu", "uz_ogli"):
            assert child.patronymic and child.patronymic.startswith(father.given + " ")
        if child.name_style == "kz_uly":
            assert child.family == father.given + "қызы"


def test_siblings_are_different_people_with_similar_names() -> None:
    rng = random.Random(8)
    person = make_identity(rng, 1, "UZ", "male", 1985)
    brother = make_relative(rng, person, "sibling", 2, "male", 1988)
    assert brother.identity_id != person.identity_id
    assert brother.father_given == person.father_given
    assert brother.family_root == person.family_root
    assert brother.given != person.given


def test_spouses_share_a_family_name_often_but_not_always() -> None:
    rng = random.Random(9)
    shared = 0
    for i in range(500):
        husband = make_identity(rng, i, "RU", "male", 1970)
        wife = make_relative(rng, husband, "spouse", 1_000 + i, "female", 1972)
        assert wife.sex == "female" and wife.father_given is not None
        shared += wife.family_root == husband.family_root
    assert 300 < shared < 500


def test_tajik_new_forms_do_not_change_by_sex() -> None:
    rng = random.Random(4)
    for i in range(500):
        man = make_identity(rng, i, "TJ", "male", 1995)
        if man.name_style in ("tj_zoda", "tj_i", "tj_yon", "tj_root"):
            sister = make_relative(rng, man, "sibling", 9_000 + i, "female", 1997)
            if sister.name_style == man.name_style:
                assert sister.family == man.family


def test_kyrgyz_uulu_has_no_family_name() -> None:
    people = [p for p in _many("KG", "male", year=1995) if p.name_style == "kg_uulu"]
    assert people
    for person in people:
        assert person.family is None
        assert person.patronymic == f"{person.father_given} уулу"


def test_proportions_are_plausible() -> None:
    kazakhs = _many("KZ", "male", year=1975)
    origins = Counter(p.origin for p in kazakhs)
    assert 0.7 < origins["KZ"] / len(kazakhs) < 0.86
    assert 0.1 < origins["RU"] / len(kazakhs) < 0.22
    styles = Counter(p.name_style for p in kazakhs if p.origin == "KZ")
    assert styles["soviet"] + styles["kz_uly_patronymic"] > 0.8 * sum(styles.values())
    uzbeks = _many("UZ", "female", year=1995)
    assert sum(p.name_style == "uz_ogli" for p in uzbeks) > 0.5 * len(uzbeks)


def test_birth_date_is_in_the_birth_year() -> None:
    for person in _many("AF", "male", n=500, year=1991):
        assert person.birth_date.year == 1991


def test_bad_arguments_are_refused() -> None:
    rng = random.Random(1)
    with pytest.raises(ValueError, match="nationality"):
        make_identity(rng, 1, "XX", "male", 1980)
    with pytest.raises(ValueError, match="sex"):
        make_identity(rng, 1, "KZ", "M", 1980)
    person = make_identity(rng, 1, "KZ", "male", 1980)
    with pytest.raises(ValueError, match="relation"):
        make_relative(rng, person, "cousin", 2, "male", 1980)
