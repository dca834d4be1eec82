"""Writing styles: how each kind of organisation writes a name, and who uses which style.

A style fixes the script and romanisation; within a style, *dialects* are the habits of
individual clerks (kh or h for х, ' or ʻ in Uzbek Latin), and *orders* how the parts are
arranged: F = family, G = given, P = patronymic ("FGP" is the CIS record order).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from amanat.demo.population.mix import Mix

STYLES = (
    "native_cyrillic",  # as the home country writes it, national letters kept
    "russian_cyrillic",  # as a Russian-speaking agency writes it: қ→к, ў→у, ҷ→дж ...
    "icao",  # the Latin line of the person's passport (ASCII)
    "bgn_pcgn",  # BGN/PCGN romanisation, as gazetteers and some international bodies use
    "gost",  # GOST 7.79-2000 system B, as Russian-language systems export to Latin
    "informal_latin",  # English-looking, as NGOs and the press write: Jamshed, Yerlan, Khasan
    "uz_latin",  # official Uzbek Latin: O'rinboyev, Baxtiyor o'g'li
    "kz_latin",  # Kazakh Latin alphabet of 2021: Jūmabekov, Serıkūly
    "tr_latin",  # Turkish orthography: Camşed, Şaripov
    "tm_latin",  # Turkmen Latin: Berdiýew, Jumabekow
)
ORG_KINDS = ("government", "ngo", "international")


@dataclass(frozen=True)
class StylePlan:
    script: str  # "Cyrl" or "Latn"
    lang: str  # ISO 639-1 of the writing convention; "" = the person's national language
    dialects: Mix[str]
    orders: Mix[str]
    # How often a national patronymic (Серікұлы, Бахтиёр ўғли) is rewritten as -ович/-овна,
    # as Russian-language forms ask for one.
    russian_patronymic_share: float = 0.0


_CIS_ORDERS = Mix([("FGP", 0.85), ("GPF", 0.08), ("GF", 0.04), ("FG", 0.03)])
_PASSPORT_ORDERS = Mix([("GF", 0.45), ("FG", 0.45), ("FGP", 0.05), ("GPF", 0.05)])
_ONE = Mix([("plain", 1.0)])

STYLE_PLANS: dict[str, StylePlan] = {
    "native_cyrillic": StylePlan(
        "Cyrl", "", _ONE, Mix([("FGP", 0.82), ("GPF", 0.10), ("GF", 0.05), ("FG", 0.03)])
    ),
    "russian_cyrillic": StylePlan(
        "Cyrl", "ru", Mix([("plain", 0.5), ("no_yo", 0.25), ("soft", 0.25)]), _CIS_ORDERS, 0.35
    ),
    "icao": StylePlan("Latn", "en", Mix([("9303", 0.75), ("mvd", 0.25)]), _PASSPORT_ORDERS),
    "bgn_pcgn": StylePlan(
        "Latn", "en", _ONE, Mix([("FGP", 0.5), ("GPF", 0.15), ("GF", 0.25), ("FG", 0.1)]), 0.1
    ),
    "gost": StylePlan(
        "Latn", "ru", _ONE, Mix([("FGP", 0.8), ("GPF", 0.05), ("GF", 0.1), ("FG", 0.05)]), 0.35
    ),
    "informal_latin": StylePlan(
        "Latn",
        "en",
        Mix([("english", 0.5), ("simple", 0.3), ("english_mvd", 0.2)]),
        Mix([("GF", 0.7), ("GPF", 0.1), ("FG", 0.1), ("FGP", 0.1)]),
        0.2,
    ),
    "uz_latin": StylePlan(
        "Latn",
        "uz",
        # The apostrophe of o' and g': official ʻ, and what keyboards give instead.
        Mix([("'", 0.6), ("ʻ", 0.2), ("‘", 0.12), ("’", 0.05), ("`", 0.03)]),
        Mix([("FGP", 0.8), ("GF", 0.1), ("FG", 0.1)]),
    ),
    "kz_latin": StylePlan("Latn", "kk", _ONE, Mix([("FGP", 0.6), ("GPF", 0.2), ("GF", 0.2)])),
    "tr_latin": StylePlan("Latn", "tr", _ONE, Mix([("GF", 0.85), ("GPF", 0.1), ("FG", 0.05)])),
    "tm_latin": StylePlan("Latn", "tk", _ONE, Mix([("FGP", 0.7), ("GF", 0.3)])),
}

_LATIN_NATIVE = frozenset({"TR", "AF"})  # nationalities whose own documents are in Latin
_CIS = frozenset({"KZ", "KG", "TJ", "RU", "UZ", "TM"})
_GULF = frozenset({"AE", "SA", "QA", "KW", "BH", "OM"})


def choose_style(
    rng: random.Random, org_country: str, nationality: str, org_kind: str = "government"
) -> str:
    """The style an organisation of ``org_kind`` in ``org_country`` uses for this person."""
    return style_mix(org_country, nationality, org_kind).pick(rng)


@cache
def style_mix(org_country: str, nationality: str, org_kind: str = "government") -> Mix[str]:
    """The mix :func:`choose_style` draws from (exposed for reporting and tests)."""
    if org_kind not in ORG_KINDS:
        raise ValueError(f"org_kind must be one of {ORG_KINDS}, not {org_kind!r}")
    if org_kind == "international":
        return Mix([("informal_latin", 0.45), ("icao", 0.35), ("russian_cyrillic", 0.15),
                    ("bgn_pcgn", 0.05)])  # fmt: skip
    if org_kind == "ngo":
        if org_country == "UZ":
            return Mix([("uz_latin", 0.25), ("russian_cyrillic", 0.3), ("native_cyrillic", 0.15),
                        ("informal_latin", 0.2), ("icao", 0.1)])  # fmt: skip
        if org_country in _CIS:
            return Mix([("russian_cyrillic", 0.45), ("native_cyrillic", 0.2),
                        ("informal_latin", 0.25), ("icao", 0.1)])  # fmt: skip
        return Mix([("informal_latin", 0.6), ("icao", 0.4)])
    return _government_mix(org_country, nationality)


def _government_mix(country: str, nationality: str) -> Mix[str]:
    own = nationality == country
    foreign_latin = nationality in _LATIN_NATIVE
    if country in ("KZ", "KG", "TJ"):
        if own and country == "KZ":
            return Mix([("russian_cyrillic", 0.50), ("native_cyrillic", 0.38), ("icao", 0.05),
                        ("kz_latin", 0.04), ("gost", 0.03)])  # fmt: skip
        if own and country == "KG":
            return Mix([("russian_cyrillic", 0.55), ("native_cyrillic", 0.40), ("icao", 0.05)])
        if own:
            return Mix([("native_cyrillic", 0.45), ("russian_cyrillic", 0.45), ("icao", 0.07),
                        ("bgn_pcgn", 0.03)])  # fmt: skip
        if foreign_latin:
            return Mix([("russian_cyrillic", 0.55), ("icao", 0.45)])
        # Copied from a neighbour's Cyrillic ID card now and then, national letters and all.
        return Mix([("russian_cyrillic", 0.70), ("icao", 0.15), ("native_cyrillic", 0.10),
                    ("gost", 0.05)])  # fmt: skip
    if country == "RU":
        if own:
            return Mix([("russian_cyrillic", 0.90), ("icao", 0.07), ("gost", 0.03)])
        if foreign_latin:
            return Mix([("russian_cyrillic", 0.70), ("icao", 0.30)])
        return Mix([("russian_cyrillic", 0.85), ("icao", 0.10), ("gost", 0.05)])
    if country == "UZ":
        if own:
            return Mix([("uz_latin", 0.45), ("native_cyrillic", 0.30), ("russian_cyrillic", 0.15),
                        ("icao", 0.10)])  # fmt: skip
        if foreign_latin:
            return Mix([("icao", 0.5), ("uz_latin", 0.3), ("russian_cyrillic", 0.2)])
        return Mix([("russian_cyrillic", 0.40), ("uz_latin", 0.35), ("icao", 0.25)])
    if country == "TM":
        if own:
            return Mix([("tm_latin", 0.8), ("russian_cyrillic", 0.2)])
        return Mix([("tm_latin", 0.4), ("russian_cyrillic", 0.3), ("icao", 0.3)])
    if country == "TR":
        return Mix(
            [("tr_latin", 0.9), ("icao", 0.1)] if own else [("icao", 0.55), ("tr_latin", 0.45)]
        )
    if country in _GULF:
        return Mix([("icao", 0.9), ("informal_latin", 0.1)])
    if country == "AF":
        return Mix([("informal_latin", 0.6), ("icao", 0.4)])
    return Mix([("icao", 0.7), ("informal_latin", 0.3)])
