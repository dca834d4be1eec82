"""Who carries which kind of name, in what proportions.

The shares are rough, plausible figures for the demo region, not statistics: most Central
Asians in agency records still have Soviet-type -ов/-ова names, younger people more often
national forms, and every country has minorities whose names follow another tradition.
"""

from __future__ import annotations

from amanat.demo.population.mix import Mix

# Name styles an Identity can have.
NAME_STYLES = (
    "soviet",  # Жұмабеков Ерлан Серикович: -ов/-ова family, -ович/-овна patronymic
    "kz_uly_patronymic",  # Жұмабеков Ерлан Серікұлы: -ов family, Kazakh patronymic
    "kz_uly",  # Ерлан Серікұлы: the father's name + ұлы/қызы is the family name
    "kz_root",  # Ерлан Серікұлы Жұмабек: the ancestor's name without -ов
    "kg_uulu",  # Бакыт Асан уулу, Айгүл Асан кызы: no family name
    "uz_ogli",  # Каримов Жасур Бахтиёр ўғли: -ов family, father's name + ўғли/қизи
    "tj_zoda",  # Раҳимзода Фирдавс Шариф: -зода family, father's name as patronymic
    "tj_i",  # Раҳимӣ Фирдавс Шариф
    "tj_yon",  # Мирзоён Фирдавс Шариф
    "tj_root",  # Раҳмон Фирдавс Шариф: the ancestor's name without suffix
    "tr",  # Mehmet Yılmaz: given and family names, no patronymic
    "af_family",  # Ahmad Karimi: a family or tribal name
    "af_single",  # Abdul Rahim (father Gul Ahmad): no family name
)

# Styles in which a family name is passed on from father to children.
INHERITED_FAMILY = frozenset(NAME_STYLES) - {"kz_uly", "kg_uulu", "af_single"}

# The name traditions among each country's citizens.
ORIGINS_BY_NATIONALITY: dict[str, Mix[str]] = {
    "KZ": Mix([("KZ", 0.78), ("RU", 0.16), ("UZ", 0.03), ("KG", 0.01), ("TJ", 0.01), ("TM", 0.01)]),
    "KG": Mix([("KG", 0.78), ("UZ", 0.14), ("RU", 0.05), ("KZ", 0.01), ("TJ", 0.02)]),
    "UZ": Mix([("UZ", 0.87), ("TJ", 0.05), ("KZ", 0.04), ("RU", 0.03), ("KG", 0.01)]),
    "TJ": Mix([("TJ", 0.84), ("UZ", 0.13), ("KG", 0.02), ("RU", 0.01)]),
    "TM": Mix([("TM", 0.90), ("UZ", 0.06), ("RU", 0.03), ("KZ", 0.01)]),
    "RU": Mix([("RU", 0.90), ("UZ", 0.03), ("TJ", 0.03), ("KZ", 0.02), ("KG", 0.02)]),
    "AF": Mix([("AF", 1.0)]),
    "TR": Mix([("TR", 1.0)]),
}
NATIONALITIES = tuple(ORIGINS_BY_NATIONALITY)

# People born from this year on more often carry national forms.
GENERATION_YEAR = 1985

_STYLES_BY_ORIGIN: dict[str, tuple[Mix[str], Mix[str]]] = {
    # (born before GENERATION_YEAR, born then or later)
    "KZ": (
        Mix([("soviet", 0.62), ("kz_uly_patronymic", 0.28), ("kz_uly", 0.05), ("kz_root", 0.05)]),
        Mix([("soviet", 0.35), ("kz_uly_patronymic", 0.40), ("kz_uly", 0.15), ("kz_root", 0.10)]),
    ),
    "KG": (Mix([("soviet", 0.85), ("kg_uulu", 0.15)]), Mix([("soviet", 0.65), ("kg_uulu", 0.35)])),
    "UZ": (Mix([("soviet", 0.55), ("uz_ogli", 0.45)]), Mix([("soviet", 0.30), ("uz_ogli", 0.70)])),
    "TJ": (
        Mix(
            [
                ("soviet", 0.75),
                ("tj_zoda", 0.15),
                ("tj_i", 0.03),
                ("tj_yon", 0.02),
                ("tj_root", 0.05),
            ]
        ),
        Mix(
            [
                ("soviet", 0.45),
                ("tj_zoda", 0.38),
                ("tj_i", 0.06),
                ("tj_yon", 0.04),
                ("tj_root", 0.07),
            ]
        ),
    ),
    "TM": (Mix([("soviet", 1.0)]), Mix([("soviet", 1.0)])),
    "RU": (Mix([("soviet", 1.0)]), Mix([("soviet", 1.0)])),
    "TR": (Mix([("tr", 1.0)]), Mix([("tr", 1.0)])),
    "AF": (Mix([("af_family", 0.55), ("af_single", 0.45)]),) * 2,
}

# How often a wife's record carries her husband's family name (where the style has one).
TAKES_HUSBANDS_NAME: dict[str, float] = {
    "RU": 0.85,
    "KZ": 0.6,
    "KG": 0.6,
    "UZ": 0.55,
    "TJ": 0.5,
    "TM": 0.7,
    "TR": 0.95,
    "AF": 0.3,
}

# Share of Turkish people with two given names (Mehmet Ali).
TURKISH_DOUBLE_GIVEN = 0.12

# Share of Afghans whose recorded birth date is 1 January: many know only the year.
AFGHAN_NEW_YEAR_BIRTHDAY = 0.4


def style_mix(origin: str, birth_year: int) -> Mix[str]:
    before, after = _STYLES_BY_ORIGIN[origin]
    return after if birth_year >= GENERATION_YEAR else before
