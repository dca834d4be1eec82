"""How one organisation writes one person's name: script, romanisation, order, omissions.

This module simulates clerks; it must never borrow from the matching code in
``amanat.names``, or evaluating resolution on the demo data would test the code against
itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from amanat.demo.population.grammar import russian_patronymic
from amanat.demo.population.identity import Identity
from amanat.demo.population.styles import STYLE_PLANS
from amanat.demo.population.writers import part_writer

# Identities whose patronymic is a national form a Russian-language form may turn into -ович.
_NATIONAL_PATRONYMIC = frozenset(
    {"kz_uly_patronymic", "kz_root", "uz_ogli", "tj_zoda", "tj_i", "tj_yon", "tj_root"}
)
# Records that name an Afghan without a family name put the father's name in its place.
AFGHAN_FATHER_AS_FAMILY = 0.6
NATIONAL_LANGUAGE = {"KZ": "kk", "KG": "ky", "UZ": "uz", "TJ": "tg"}


@dataclass(frozen=True, slots=True)
class NameSpelling:
    full_name: str  # the string as written in the record
    given: str | None
    patronymic: str | None
    family: str | None  # the family-name field; holds "Асан уулу" or an Afghan father's name
    script: str  # "Cyrl" | "Latn"
    lang: str  # ISO 639-1 of the writing convention
    style: str
    order: str = "FGP"  # the parts present in full_name, in order: F family, G given, P patronymic


def arrange(
    order: str, given: str | None, patronymic: str | None, family: str | None
) -> tuple[str, str]:
    """The full name (the parts present, in ``order``, space-separated) and the order kept."""
    words: list[str] = []
    kept = ""
    for slot in order:
        part = given if slot == "G" else family if slot == "F" else patronymic
        if part:
            words.append(part)
            kept += slot
    return " ".join(words), kept


def spell(rng: random.Random, identity: Identity, style: str) -> NameSpelling:
    """``identity``'s name as an organisation using ``style`` writes it (no typos: see noise)."""
    plan = STYLE_PLANS.get(style)
    if plan is None:
        raise ValueError(f"unknown style {style!r}")
    dialect = plan.dialects.pick(rng)
    order = plan.orders.pick(rng)
    writer = part_writer(style, dialect, identity.origin, identity.nationality)

    family_source = identity.family
    patronymic_source = identity.patronymic
    if family_source is None:
        if identity.name_style == "kg_uulu":
            # "Асан уулу" stands where the family name goes, in documents and in records.
            family_source, patronymic_source = patronymic_source, None
        elif rng.random() < AFGHAN_FATHER_AS_FAMILY:
            family_source = identity.father_given
    if patronymic_source is not None:
        if "P" not in order:
            patronymic_source = None
        elif (
            plan.russian_patronymic_share
            and identity.name_style in _NATIONAL_PATRONYMIC
            and rng.random() < plan.russian_patronymic_share
        ):
            patronymic_source = russian_patronymic(identity.father_given, identity.sex)

    given = writer.write(rng, identity.given)
    family = writer.write(rng, family_source) if family_source else None
    patronymic = writer.write(rng, patronymic_source) if patronymic_source else None
    full_name, kept = arrange(order, given, patronymic, family)
    return NameSpelling(
        full_name,
        given,
        patronymic,
        family,
        plan.script,
        plan.lang or NATIONAL_LANGUAGE.get(identity.nationality, "ru"),
        style,
        kept,
    )
