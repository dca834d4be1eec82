"""The demo region's directory of service providers (``data/service_offers.yaml``):
what each organisation offers victims, and where — and who a victim's NGO refers her
to for what it does not offer itself."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from amanat.demo.region.organisations import CREATED_AT, DATA, Directory, Org
from amanat.demo.region.rows import Rows


@dataclass
class Offers:
    # (organisation code, service): offered somewhere.
    offered: set[tuple[str, str]] = field(default_factory=set)
    # (service, country) -> the organisations offering it there, in the file's order.
    where: dict[tuple[str, str], list[Org]] = field(default_factory=lambda: defaultdict(list))

    def offers(self, org: Org, service: str) -> bool:
        return (org.code, service) in self.offered

    def provider(self, service: str, countries: tuple[str, ...], pick: int) -> Org | None:
        """An organisation offering ``service`` in the first of ``countries`` that has
        one (``pick`` chooses among several, so a seed always chooses the same)."""
        for country in countries:
            found = self.where.get((service, country))
            if found:
                return found[pick % len(found)]
        return None


@cache
def offer_data() -> dict[str, Any]:
    text = (DATA / "service_offers.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def add_service_offers(rows: Rows, orgs: Directory) -> Offers:
    found = Offers()
    for code, entries in offer_data()["offers"].items():
        org = orgs.by_code[code]
        for entry in entries:
            for service in entry["services"]:
                rows.add(
                    "service_offer",
                    org.id,
                    service,
                    entry["country"],
                    entry.get("region"),
                    entry.get("note"),
                    CREATED_AT,
                    None,
                )
                found.offered.add((code, service))
                if org not in found.where[(service, entry["country"])]:
                    found.where[(service, entry["country"])].append(org)
    return found
