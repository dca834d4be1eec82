"""The demo gazetteer: countries, regions, towns, border crossings, airports and sites.

Read from ``data/gazetteer.yaml``; farms, construction sites, venues and depots are
added around towns with jittered coordinates, as many as the region's size asks.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from amanat.demo.region.dates import START
from amanat.demo.region.organisations import DATA, Directory, Org
from amanat.demo.region.provenance import provenance
from amanat.demo.region.rows import Rows


@dataclass(frozen=True)
class Place:
    id: int
    kind: str
    name: str
    country: str
    region: str | None
    lat: float
    lon: float
    name_ru: str = ""
    # For a border crossing, the country on the other side; for a site, what it is.
    other_side: str | None = None
    label: str | None = None


@dataclass
class Gazetteer:
    countries: dict[str, Place] = field(default_factory=dict)
    towns: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    town_by_name: dict[str, Place] = field(default_factory=dict)
    by_region: dict[tuple[str, str], list[Place]] = field(default_factory=lambda: defaultdict(list))
    crossings: list[Place] = field(default_factory=list)
    airports: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    sites: dict[tuple[str, str], list[Place]] = field(default_factory=lambda: defaultdict(list))

    def town(self, rng: random.Random, country: str) -> Place:
        towns = self.towns[country]
        return towns[int(rng.random() * len(towns))]

    def town_in(self, rng: random.Random, country: str, region: str) -> Place:
        """A town of ``region`` (any town of the country if the region has none)."""
        towns = self.by_region.get((country, region)) or self.towns[country]
        return towns[int(rng.random() * len(towns))]

    def crossings_in(self, country: str) -> list[Place]:
        return [p for p in self.crossings if p.country == country]

    def crossings_between(self, a: str, b: str) -> list[Place]:
        return [
            p
            for p in self.crossings
            if (p.country == a and p.other_side == b) or (p.country == b and p.other_side == a)
        ]

    def site(self, rng: random.Random, country: str, kind: str) -> Place | None:
        found = self.sites.get((country, kind))
        if not found:
            return None
        return found[int(rng.random() * len(found))]

    def airport(self, rng: random.Random, country: str) -> Place | None:
        found = self.airports.get(country)
        return found[int(rng.random() * len(found))] if found else None


@cache
def gazetteer_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / "gazetteer.yaml").read_text(encoding="utf-8"))
    return data


class _Writer:
    def __init__(self, rows: Rows, rng: random.Random, keeper: Org) -> None:
        self.rows, self.rng, self.keeper = rows, rng, keeper

    def add(
        self,
        kind: str,
        name: str,
        name_ru: str,
        country: str,
        *,
        region: str | None = None,
        city: str | None = None,
        parent: int | None = None,
        at: tuple[float, float],
        sensitivity: str = "public",
        org: Org | None = None,
    ) -> int:
        org = org or self.keeper
        record_id = self.rows.next_id["place"]
        source_kind = "open_source" if sensitivity == "public" else "agency_record"
        tail = provenance(self.rng, org, "PL", record_id, START, source_kind, sensitivity)
        return self.rows.add(
            "place",
            kind,
            name,
            name_ru,
            country,
            region,
            None,
            city,
            parent,
            round(at[0], 4),
            round(at[1], 4),
            *tail,
        )


def add_places(
    rows: Rows, rng: random.Random, directory: Directory, sites_per_country: int
) -> Gazetteer:
    """Write the gazetteer's places and return them for lookups."""
    data = gazetteer_data()
    gaz = Gazetteer()
    write = _Writer(rows, rng, directory.by_code["RC-ALMATY"])
    region_ids: dict[tuple[str, str], int] = {}
    for code, country in data["countries"].items():
        at = (country["at"][0], country["at"][1])
        country_id = write.add("country", country["name"], country["name_ru"], code, at=at)
        gaz.countries[code] = Place(country_id, "country", country["name"], code, None, *at)
        for region in country["regions"]:
            at = (region["at"][0], region["at"][1])
            region_id = write.add(
                "region",
                region["name"],
                region["name_ru"],
                code,
                region=region["name"],
                parent=country_id,
                at=at,
            )
            region_ids[(code, region["name"])] = region_id
            for name, name_ru, lat, lon in region["cities"]:
                town_id = write.add(
                    "city",
                    name,
                    name_ru,
                    code,
                    region=region["name"],
                    city=name,
                    parent=region_id,
                    at=(lat, lon),
                )
                town = Place(town_id, "city", name, code, region["name"], lat, lon, name_ru)
                gaz.towns[code].append(town)
                gaz.town_by_name[name] = town
                gaz.by_region[(code, region["name"])].append(town)
    for name, name_ru, code, region, lat, lon, other in data["crossings"]:
        place_id = write.add(
            "border_crossing",
            name,
            name_ru,
            code,
            region=region,
            parent=region_ids[(code, region)],
            at=(lat, lon),
        )
        gaz.crossings.append(
            Place(place_id, "border_crossing", name, code, region, lat, lon, name_ru, other)
        )
    for iata, name, name_ru, code, region, lat, lon in data["airports"]:
        place_id = write.add(
            "airport",
            f"{name} ({iata})",
            name_ru,
            code,
            region=region,
            parent=region_ids[(code, region)],
            at=(lat, lon),
        )
        gaz.airports[code].append(Place(place_id, "airport", name, code, region, lat, lon))
    _add_sites(write, gaz, directory, data, sites_per_country)
    return gaz


def _add_sites(
    write: _Writer, gaz: Gazetteer, directory: Directory, data: dict[str, Any], per_country: int
) -> None:
    labels = data["site_labels"]
    rng = write.rng
    for kind, by_country in data["sites"].items():
        for code, towns in by_country.items():
            # Sites are recorded by the police of their country: they are where crimes happened.
            org = directory.lead(code, "tip")[0]
            share = max(1, per_country // max(1, len(data["sites"])))
            for number in range(1, share + 1):
                town_name, label = towns[(number - 1) % len(towns)]
                town = gaz.town_by_name[town_name]
                name_en, name_ru = labels[label]
                at = (town.lat + (rng.random() - 0.5) * 0.3, town.lon + (rng.random() - 0.5) * 0.3)
                place_id = write.add(
                    kind,
                    f"{name_en} No. {number}, {town.name}",
                    f"{name_ru} № {number}, {town.name_ru}",
                    code,
                    region=town.region,
                    city=town.name,
                    parent=town.id,
                    at=at,
                    sensitivity="routine",
                    org=org,
                )
                gaz.sites[(code, kind)].append(
                    Place(
                        place_id,
                        kind,
                        f"{name_en} No. {number}",
                        code,
                        town.region,
                        *at,
                        label=label,
                    )
                )
