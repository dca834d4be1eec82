"""Seizures of drugs, weapons, ammunition and cash.

Border guards and customs seize at crossings, police and drug agencies inland.
Weapons come with drugs now and then (AK-pattern rifles, Makarov pistols); some
of them carry the serial number of a weapon reported lost from a depot.
"""

from __future__ import annotations

import random

from amanat.demo.region import dates, identifiers
from amanat.demo.region.arsenal import new_weapon
from amanat.demo.region.casefile import CaseFile
from amanat.demo.region.catalogue import concealments
from amanat.demo.region.gazetteer import Place
from amanat.demo.region.organisations import Org
from amanat.demo.region.provenance import provenance
from amanat.demo.region.routes import Route, quantity_kg, substance
from amanat.demo.region.world import World

CASH_CURRENCIES = ("USD", "USD", "RUB", "KZT", "EUR")


def add_seizure(
    world: World,
    rng: random.Random,
    case: CaseFile,
    org: Org,
    day: int,
    place: Place,
    *,
    route: Route | None,
    large: bool,
    weapons: int,
    traced_share: float,
) -> int:
    """Write one seizure (drugs when ``route`` is given, weapons if asked) of ``case``."""
    rows = world.rows
    seizure_id = rows.reserve("seizure")
    if route is not None:
        for _ in range(2 if rng.random() < 0.25 else 1):
            drug = substance(rng, route, day)
            rows.add("seized_drug", seizure_id, drug, quantity_kg(rng, drug, large))
    rounds = None
    for _ in range(weapons):
        _seized_weapon(world, rng, seizure_id, org, day, traced_share)
    if weapons:
        rounds = 10 + int(rng.expovariate(1 / 120))
    cash = currency = None
    if large and rng.random() < 0.25:
        currency = CASH_CURRENCIES[int(rng.random() * len(CASH_CURRENCIES))]
        cash = round(5_000 * rng.lognormvariate(0, 1.2), -2)
    concealment = None
    if route:
        options = concealments()
        concealment = options[int(rng.random() * len(options))]
    origin = route.origin if route else None
    destination = route.countries[-1] if route else None
    rows.put(
        "seizure",
        seizure_id,
        case.case_id,
        dates.iso(day),
        place.country,
        place.id,
        rounds,
        cash,
        currency,
        origin if origin != place.country else None,
        destination if destination != place.country else None,
        concealment,
        *provenance(rng, org, "SZ", seizure_id, day),
    )
    return seizure_id


def _seized_weapon(
    world: World, rng: random.Random, seizure_id: int, org: Org, day: int, traced_share: float
) -> None:
    rows = world.rows
    lost = world.arsenal.traced(rng, day) if rng.random() < traced_share else None
    if lost is not None:
        model, made = lost.model, lost.made
        # The seizing agency types the number its own way now and then.
        serial: str | None = lost.serial
        if rng.random() < 0.35:
            serial = identifiers.written_serial(rng, lost.serial)
    else:
        model, serial, made = new_weapon(rng)
        if serial is not None and rng.random() < 0.15:
            serial = None  # filed off
    weapon_id = rows.next_id["weapon"]
    rows.add(
        "weapon",
        model.weapon_type,
        model.make,
        model.model,
        model.calibre,
        serial,
        made,
        seizure_id,
        None,
        *provenance(rng, org, "W", weapon_id, day),
    )
