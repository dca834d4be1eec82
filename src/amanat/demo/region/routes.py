"""Drug routes through the region, and what travels along them when.

Afghan heroin, opium and hashish go north through Tajikistan, Kyrgyzstan or
Uzbekistan (or west through Turkmenistan) to Kazakhstan and Russia.  Cannabis
grows wild in the Chui valley.  Synthetic drugs (mephedrone, alpha-PVP,
methamphetamine) rise from the late 2010s; acetic anhydride goes the other way.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from amanat.demo.population.mix import Mix
from amanat.demo.region import dates


@dataclass(frozen=True)
class Route:
    name: str
    countries: tuple[str, ...]  # from origin to destination
    origin: str | None


ROUTES: Mix[Route] = Mix([
    (Route("northern", ("AF", "TJ", "KG", "KZ", "RU"), "AF"), 0.40),
    (Route("uzbek", ("AF", "UZ", "KZ", "RU"), "AF"), 0.18),
    (Route("tajik-uzbek", ("AF", "TJ", "UZ", "KZ", "RU"), "AF"), 0.12),
    (Route("turkmen", ("AF", "TM", "UZ", "KZ", "RU"), "AF"), 0.08),
    (Route("chui", ("KG", "KZ", "RU"), "KG"), 0.12),
    (Route("domestic", ("KZ", "RU"), None), 0.10),
])  # fmt: skip
SYNTHETICS_FROM = dates.day_of(2016, 1, 1)
AFGHAN_METH_FROM = dates.day_of(2019, 1, 1)


def substance(rng: random.Random, route: Route, day: int) -> str:
    """The drug seized on ``route`` on ``day``."""
    synthetic_share = 0.0
    if day >= SYNTHETICS_FROM:
        synthetic_share = min(0.55, 0.08 * (dates.year(day) - 2015))
    if route.name == "domestic" or rng.random() < synthetic_share:
        if route.origin == "AF" and day >= AFGHAN_METH_FROM and rng.random() < 0.4:
            return "methamphetamine"
        return (
            "mephedrone",
            "alpha_pvp",
            "synthetic_cannabinoids",
            "methamphetamine",
            "amphetamine",
        )[int(rng.random() * 5)]
    if route.name == "chui":
        return "cannabis_herb" if rng.random() < 0.6 else "hashish"
    roll = rng.random()
    # Heroin dominates the early years and gives way to hashish and opium.
    heroin = max(0.25, 0.6 - 0.03 * (dates.year(day) - 2012))
    if roll < heroin:
        return "heroin"
    if roll < heroin + 0.2:
        return "hashish"
    if roll < heroin + 0.3:
        return "opium"
    return "tramadol" if rng.random() < 0.5 else "poppy_straw"


def quantity_kg(rng: random.Random, drug: str, large: bool) -> float:
    """Kilograms seized: couriers carry grams to a kilogram, consignments tens of kilograms."""
    bulky = drug in ("cannabis_herb", "hashish", "poppy_straw", "opium")
    median = (25.0 if large else 0.25) * (4.0 if bulky else 1.0)
    return round(median * rng.lognormvariate(0, 1.1), 3)
