"""Weapons lost from storage, and the registry of them that seizures are traced against.

Soviet-era depots and police armouries lose weapons (looted in unrest, stolen,
written off); some of those weapons turn up later in drug seizures and arms cases,
where their serial numbers can be matched to the loss report.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache

from amanat.demo.population.mix import Mix
from amanat.demo.region import dates, identifiers
from amanat.demo.region.catalogue import catalogue
from amanat.demo.region.gazetteer import Gazetteer
from amanat.demo.region.organisations import Directory
from amanat.demo.region.provenance import provenance
from amanat.demo.region.rows import Rows

CIRCUMSTANCES = {
    "military": (
        "Shortfall found at inventory of a Soviet-era depot",
        "Theft from a depot by service personnel",
        "Weapons not returned after an exercise",
    ),
    "police": (
        "Armoury looted during civil unrest",
        "Theft from a police armoury",
        "Service weapons lost and written off",
    ),
}


@dataclass(frozen=True, slots=True)
class WeaponModel:
    weapon_type: str
    make: str
    model: str
    calibre: str
    first_year: int
    last_year: int
    serial_style: str


@dataclass(frozen=True, slots=True)
class LostWeapon:
    model: WeaponModel
    serial: str
    made: int
    lost_on: int


@cache
def weapon_models() -> Mix[WeaponModel]:
    return Mix(
        (WeaponModel(t, make, model, calibre, first, last, style), weight)
        for t, make, model, calibre, first, last, style, weight in catalogue()["weapons"]
    )


def new_weapon(rng: random.Random) -> tuple[WeaponModel, str | None, int]:
    """A weapon of a common model: (model, serial number, year made)."""
    model = weapon_models().pick(rng)
    made = model.first_year + int(rng.random() * (model.last_year - model.first_year + 1))
    return model, identifiers.serial_number(rng, model.serial_style, made), made


@dataclass
class Arsenal:
    lost: list[LostWeapon] = field(default_factory=list)

    def traced(self, rng: random.Random, before: int) -> LostWeapon | None:
        """A weapon lost before ``before`` (a day), if any was."""
        if not self.lost:
            return None
        for _ in range(4):
            weapon = self.lost[int(rng.random() * len(self.lost))]
            if weapon.lost_on < before:
                return weapon
        return None


def add_storage_losses(
    rows: Rows, rng: random.Random, orgs: Directory, places: Gazetteer, count: int
) -> Arsenal:
    """Write ``count`` storage-loss reports with their weapons; return the registry."""
    arsenal = Arsenal()
    depots = [
        p for (_, kind), found in places.sites.items() if kind == "storage_facility" for p in found
    ]
    for _ in range(count):
        depot = depots[int(rng.random() * len(depots))]
        org = orgs.lead(depot.country, "arms")[0]
        reported = dates.START + int(rng.random() * (dates.HORIZON - dates.START - 400))
        label = depot.label or "military"
        options = CIRCUMSTANCES.get(label, CIRCUMSTANCES["military"])
        loss_id = rows.next_id["storage_loss"]
        rows.add(
            "storage_loss",
            dates.iso(reported),
            depot.country,
            depot.id,
            depot.name,
            options[int(rng.random() * len(options))],
            *provenance(rng, org, "SL", loss_id, reported),
        )
        # Most losses are a handful of weapons; a looted depot loses hundreds.
        size = 2 + min(300, int(rng.expovariate(1 / 12)))
        for _ in range(size):
            model, serial, made = new_weapon(rng)
            if serial is None:
                continue
            weapon_id = rows.next_id["weapon"]
            rows.add(
                "weapon",
                model.weapon_type,
                model.make,
                model.model,
                model.calibre,
                serial,
                made,
                None,
                loss_id,
                *provenance(rng, org, "W", weapon_id, reported),
            )
            arsenal.lost.append(LostWeapon(model, serial, made, reported))
    return arsenal
