"""A victim's journey as movement records: recruitment, transit, exploitation,
identification, and for many a return home.

Transit goes through a land crossing where the two countries share one (Uzbek
workers through Zhibek Zholy, Kyrgyz through Korday/Ak-Zhol), through Kazakhstan
on the way to Russia, or by air to Türkiye and the Emirates.
"""

from __future__ import annotations

import random

from amanat.demo.region import dates
from amanat.demo.region.gazetteer import Gazetteer, Place
from amanat.demo.region.world import World

RETURN_SHARE = 0.5


def transit(rng: random.Random, places: Gazetteer, origin: str, destination: str) -> list[Place]:
    """Border crossings or airports passed on the way from ``origin`` to ``destination``."""
    if origin == destination:
        return []
    direct = places.crossings_between(origin, destination)
    if direct and rng.random() < 0.8:
        return [direct[int(rng.random() * len(direct))]]
    if destination == "RU" and origin != "KZ" and rng.random() < 0.5:
        into_kz = places.crossings_between(origin, "KZ")
        out_of_kz = places.crossings_between("KZ", "RU")
        if into_kz and out_of_kz:
            return [
                into_kz[int(rng.random() * len(into_kz))],
                out_of_kz[int(rng.random() * len(out_of_kz))],
            ]
    airport = places.airport(rng, origin)
    return [airport] if airport else []


def journey(
    world: World, rng: random.Random, victim_id: int, home: Place, site: Place, identified: int
) -> None:
    """Write the movements of one victim exploited at ``site`` until ``identified``."""
    rows = world.rows
    exploited_from = identified - 30 - int(rng.random() * 700)
    recruited = exploited_from - 3 - int(rng.random() * 60)
    steps: list[tuple[str, Place, int, int | None]] = [
        ("recruitment", home, recruited, recruited + int(rng.random() * 3))
    ]
    day = recruited + 2
    for crossing in transit(rng, world.places, home.country, site.country):
        steps.append(("transit", crossing, day, day))
        day += 1 + int(rng.random() * 2)
    steps.append(("exploitation", site, exploited_from, identified))
    steps.append(("identification", site, identified, identified))
    if site.country != home.country and rng.random() < RETURN_SHARE:
        back = identified + 10 + int(rng.random() * 110)
        if back <= dates.HORIZON:
            steps.append(("return", home, back, back))
    for sequence, (stage, place, start, end) in enumerate(steps, 1):
        rows.add(
            "movement",
            victim_id,
            sequence,
            stage,
            place.country,
            place.id,
            dates.iso(start),
            dates.iso(end) if end is not None else None,
        )
