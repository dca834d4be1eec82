"""Synthetic people: who someone really is, before any agency writes their name down.

An :class:`Identity` holds the name as the person's own documents write it (origin letters,
origin conventions). How each organisation then spells it is :mod:`.spelling`'s business.
Relatives are distinct identities with deliberately similar names, so that resolution is
tested on namesakes it must keep apart.
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass
from datetime import date

from amanat.demo.population import conventions as conv
from amanat.demo.population import grammar
from amanat.demo.population.namebook import namebook

SEXES = ("male", "female")
RELATIONS = ("sibling", "child", "spouse")


@dataclass(frozen=True, slots=True)
class Identity:
    identity_id: int
    nationality: str  # ISO 3166 alpha-2 of citizenship: whose documents the person holds
    sex: str  # "male" | "female"
    given: str
    patronymic: str | None  # as the documents write it: Серикович, Серікұлы, Бахтиёр ўғли
    family: str | None  # None: Kyrgyz "Бакыт Асан уулу", Afghans without a family name
    name_style: str  # one of conventions.NAME_STYLES
    birth_date: date
    origin: str  # the name tradition (namebook) the name comes from; often == nationality
    father_given: str  # the father's given name: patronymics and particle forms are built on it
    family_root: str  # the lineage: the ancestor's name (or whole masculine family name)


def make_identity(
    rng: random.Random, identity_id: int, nationality: str, sex: str, birth_year: int
) -> Identity:
    """A new person of ``nationality`` with a name drawn from realistic proportions."""
    _check(nationality, sex)
    origin = conv.ORIGINS_BY_NATIONALITY[nationality].pick(rng)
    book = namebook(origin)
    style = conv.style_mix(origin, birth_year).pick(rng)
    given = _given_name(rng, origin, sex)
    father_given = book.male.pick(rng)
    family_root = book.family_roots.pick(rng)
    born = _birth_date(rng, origin, birth_year)
    return _compose(
        identity_id, nationality, sex, origin, style, given, father_given, family_root, born
    )


def make_relative(
    rng: random.Random,
    identity: Identity,
    relation: str,
    new_id: int,
    sex: str,
    birth_year: int,
) -> Identity:
    """A different person related to ``identity``, named as that family would name them.

    ``child`` of a man takes his given name as patronymic (or -ұлы / уулу / ўғли base) and his
    family name; ``child`` of a woman takes her family name (taken to be her married name)
    and a father's name drawn anew. ``spouse`` usually shares the family name where the
    convention has one. ``sibling`` shares the father and the family name.
    """
    if relation not in RELATIONS:
        raise ValueError(f"relation must be one of {RELATIONS}, not {relation!r}")
    _check(identity.nationality, sex)
    origin = identity.origin
    book = namebook(origin)
    style = identity.name_style
    if relation == "sibling":
        father_given, root = identity.father_given, identity.family_root
        if rng.random() < 0.1:  # a younger sibling may have chosen the national form
            style = conv.style_mix(origin, birth_year).pick(rng)
    elif relation == "child":
        father_given = identity.given if identity.sex == "male" else book.male.pick(rng)
        root = identity.family_root
        if rng.random() < 0.3:  # the next generation follows the fashion of its own time
            style = conv.style_mix(origin, birth_year).pick(rng)
    else:
        father_given = book.male.pick(rng)
        root = identity.family_root
        style = conv.style_mix(origin, birth_year).pick(rng)
        if rng.random() >= conv.TAKES_HUSBANDS_NAME[origin]:
            root = book.family_roots.pick(rng)  # kept her own name, or he is not the bearer
    given = _given_name(rng, origin, sex)
    for _ in range(3):  # relatives seldom share a given name with the person or the father
        if given not in (identity.given, father_given):
            break
        given = _given_name(rng, origin, sex)
    born = _birth_date(rng, origin, birth_year)
    return _compose(
        new_id, identity.nationality, sex, origin, style, given, father_given, root, born
    )


def _compose(
    identity_id: int,
    nationality: str,
    sex: str,
    origin: str,
    style: str,
    given: str,
    father_given: str,
    family_root: str,
    born: date,
) -> Identity:
    family, patronymic = _family_and_patronymic(origin, style, sex, father_given, family_root)
    return Identity(
        identity_id=identity_id,
        nationality=nationality,
        sex=sex,
        given=given,
        patronymic=patronymic,
        family=family,
        name_style=style,
        birth_date=born,
        origin=origin,
        father_given=father_given,
        family_root=family_root,
    )


def _family_and_patronymic(
    origin: str, style: str, sex: str, father: str, root: str
) -> tuple[str | None, str | None]:
    if style == "soviet":
        surname = grammar.family_for(grammar.soviet_surname(root, origin), sex)
        return surname, grammar.russian_patronymic(father, sex)
    if style == "kz_uly_patronymic":
        surname = grammar.family_for(grammar.soviet_surname(root, origin), sex)
        return surname, grammar.kazakh_patronymic(father, sex)
    if style == "kz_uly":
        return grammar.kazakh_patronymic(father, sex), None
    if style == "kz_root":
        return root, grammar.kazakh_patronymic(father, sex)
    if style == "kg_uulu":
        return None, f"{father} {grammar.particle(origin, sex)}"
    if style == "uz_ogli":
        surname = grammar.family_for(grammar.soviet_surname(root, origin), sex)
        return surname, f"{father} {grammar.particle(origin, sex)}"
    if style.startswith("tj_"):
        return grammar.tajik_surname(root, style.removeprefix("tj_")), father
    if style in ("tr", "af_family"):
        return root, None
    if style == "af_single":
        return None, None
    raise ValueError(f"unknown name style {style!r}")


def _given_name(rng: random.Random, origin: str, sex: str) -> str:
    names = namebook(origin).given(sex)
    given = names.pick(rng)
    if origin == "TR" and rng.random() < conv.TURKISH_DOUBLE_GIVEN:
        second = names.pick(rng)
        if second != given:
            given = f"{given} {second}"
    return given


def _birth_date(rng: random.Random, origin: str, year: int) -> date:
    if origin == "AF" and rng.random() < conv.AFGHAN_NEW_YEAR_BIRTHDAY:
        return date(year, 1, 1)
    month = rng.randint(1, 12)
    return date(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))


def _check(nationality: str, sex: str) -> None:
    if nationality not in conv.ORIGINS_BY_NATIONALITY:
        raise ValueError(f"no names for nationality {nationality!r}; use {conv.NATIONALITIES}")
    if sex not in SEXES:
        raise ValueError(f"sex must be 'male' or 'female', not {sex!r}")
