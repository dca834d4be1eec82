"""Groups, vehicles and phones: one true thing, several records by different agencies.

A group is called "ОПГ «Беркут»" by one police force and "Berkut OCG" by the
regional centre; a Russian plate is typed with Latin look-alike letters; a phone
number loses its country code.  The ground truth ties the records together.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from amanat.demo.population.mix import Mix
from amanat.demo.region import identifiers
from amanat.demo.region.catalogue import catalogue
from amanat.demo.region.organisations import Org
from amanat.demo.region.provenance import provenance
from amanat.demo.region.rows import Rows
from amanat.demo.region.truth import Truth

# Organisations that write names of groups in Latin letters.
LATIN_COUNTRIES = frozenset({"UZ", "TR", "AE", "AF", "TM"})
LATIN_KINDS = frozenset({"regional_centre", "international_org"})
CYRILLIC_LABEL = {
    "organised_crime_group": "ОПГ «{}»",
    "network": "преступная сеть «{}»",
    "gang": "банда «{}»",
    "armed_group": "вооружённая группа «{}»",
    "clan": "клан «{}»",
}
LATIN_LABEL = {
    "organised_crime_group": "{} OCG",
    "network": "{} network",
    "gang": "{} gang",
    "armed_group": "{} armed group",
    "clan": "{} clan",
}
HEAVY_MAKES = frozenset({"KAMAZ", "MAN", "Volvo", "Isuzu", "GAZ", "Mercedes-Benz", "Ford"})
VehicleModel = tuple[str, str, int, int, str]  # make, model, first year, last year, VIN prefix
REGISTRATION_DIGITS = {"KZ": 12, "RU": 10, "UZ": 9, "KG": 14, "TR": 10, "AE": 6}


def writes_latin(org: Org) -> bool:
    return org.country in LATIN_COUNTRIES or org.kind in LATIN_KINDS


@dataclass(slots=True)
class TrueGroup:
    true_id: int
    kind: str
    name: tuple[str, str]  # (Latin, Cyrillic)
    country: str
    alias: str | None
    registration: str | None
    records: dict[int, int] = field(default_factory=dict)


@dataclass(slots=True)
class TrueVehicle:
    true_id: int
    make: str
    model: str
    colour: str
    year: int
    plate: str
    plate_country: str
    vin: str
    records: dict[int, int] = field(default_factory=dict)


@dataclass(slots=True)
class TruePhone:
    true_id: int
    number: str
    country: str
    imei: str
    operator: str
    records: dict[int, int] = field(default_factory=dict)


class Things:
    def __init__(self, rows: Rows, truth: Truth) -> None:
        self.rows = rows
        self.truth = truth
        self.next_id = {"group": 1, "vehicle": 1, "phone": 1}
        data = catalogue()
        self.group_names: list[tuple[str, str]] = [tuple(n) for n in data["group_names"]]
        self.company_names: list[tuple[str, str]] = [tuple(n) for n in data["company_names"]]
        models = [
            ((make, model, first, last, prefix), weight)
            for make, model, prefix, first, last, weight in data["vehicles"]
        ]
        self.cars: Mix[VehicleModel] = Mix(models)
        self.trucks: Mix[VehicleModel] = Mix(m for m in models if m[0][0] in HEAVY_MAKES)
        self.colours: list[str] = data["colours"]
        self.operators: list[str] = data["phone_operators"]

    def _true_id(self, kind: str) -> int:
        self.next_id[kind] += 1
        return self.next_id[kind] - 1

    # -- groups -----------------------------------------------------------------------

    def group(self, rng: random.Random, kind: str, country: str, alias: str | None) -> TrueGroup:
        if kind == "company":
            name = self.company_names[int(rng.random() * len(self.company_names))]
            digits = REGISTRATION_DIGITS.get(country, 10)
            registration = "".join(str(int(rng.random() * 10)) for _ in range(digits))
        else:
            name = self.group_names[int(rng.random() * len(self.group_names))]
            registration = None
        return TrueGroup(self._true_id("group"), kind, name, country, alias, registration)

    def group_record(self, rng: random.Random, group: TrueGroup, org: Org, day: int) -> int:
        found = group.records.get(org.id)
        if found is not None:
            return found
        latin = writes_latin(org)
        base = group.name[0] if latin else group.name[1]
        if group.kind == "company":
            forms = catalogue()["company_forms"].get(group.country, ["LLC", "ООО"])
            name = f"{forms[0]} {base}" if latin else f"{forms[1]} «{base}»"
        else:
            labels = LATIN_LABEL if latin else CYRILLIC_LABEL
            name = labels.get(group.kind, "{}").format(base)
        alias = group.alias if rng.random() < 0.5 else None
        group_id = self.rows.next_id["criminal_group"]
        self.rows.add(
            "criminal_group",
            group.kind,
            name,
            alias,
            group.country,
            group.registration if rng.random() < 0.8 else None,
            None,
            *provenance(rng, org, "G", group_id, day),
        )
        group.records[org.id] = group_id
        self.truth.write("group", group_id, group.true_id, "latin" if latin else "cyrillic")
        return group_id

    # -- vehicles ---------------------------------------------------------------------

    def vehicle(self, rng: random.Random, country: str, heavy: bool) -> TrueVehicle:
        # Consignments and groups of workers travel in trucks and vans.
        make, model, first, last, prefix = (self.trucks if heavy else self.cars).pick(rng)
        year = first + int(rng.random() * (last - first + 1))
        colour = self.colours[int(rng.random() * len(self.colours))]
        plate = identifiers.plate(rng, country)
        vin = identifiers.vin(rng, prefix)
        return TrueVehicle(self._true_id("vehicle"), make, model, colour, year, plate, country, vin)

    def vehicle_record(self, rng: random.Random, vehicle: TrueVehicle, org: Org, day: int) -> int:
        found = vehicle.records.get(org.id)
        if found is not None:
            return found
        plate = identifiers.written_plate(rng, vehicle.plate, vehicle.plate_country)
        if writes_latin(org):
            plate = plate.translate(identifiers.LOOKALIKE)
        vehicle_id = self.rows.next_id["vehicle"]
        self.rows.add(
            "vehicle",
            plate,
            vehicle.plate_country,
            vehicle.vin if rng.random() < 0.35 else None,
            vehicle.make,
            vehicle.model,
            vehicle.colour if rng.random() < 0.7 else None,
            vehicle.year if rng.random() < 0.6 else None,
            *provenance(rng, org, "V", vehicle_id, day),
        )
        vehicle.records[org.id] = vehicle_id
        self.truth.write("vehicle", vehicle_id, vehicle.true_id, "")
        return vehicle_id

    # -- phones -----------------------------------------------------------------------

    def phone(self, rng: random.Random, country: str) -> TruePhone:
        return TruePhone(
            self._true_id("phone"),
            identifiers.phone_number(rng, country),
            country,
            identifiers.imei(rng),
            self.operators[int(rng.random() * len(self.operators))],
        )

    def phone_record(self, rng: random.Random, phone: TruePhone, org: Org, day: int) -> int:
        found = phone.records.get(org.id)
        if found is not None:
            return found
        phone_id = self.rows.next_id["phone"]
        self.rows.add(
            "phone",
            identifiers.written_phone(rng, phone.number),
            phone.country,
            phone.imei if rng.random() < 0.5 else None,
            f"{phone.operator} ({phone.country})" if rng.random() < 0.6 else None,
            *provenance(rng, org, "T", phone_id, day),
        )
        phone.records[org.id] = phone_id
        self.truth.write("phone", phone_id, phone.true_id, "")
        return phone_id
