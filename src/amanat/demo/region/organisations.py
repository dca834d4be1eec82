"""The organisations of the demo region (``data/organisations.yaml``) and who does what.

A case is opened by a lead agency of its country; prosecutors charge, courts try,
border services and customs seize, NGOs assist victims and regional centres pool
records from all of them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from amanat.demo.region.rows import Rows

DATA = Path(__file__).resolve().parent.parent / "data"
CREATED_AT = "2011-12-01 09:00:00"


@dataclass(frozen=True)
class Org:
    id: int
    code: str
    name: str
    kind: str
    country: str
    region: str
    leads: tuple[str, ...] = ()
    # The sharing group its records marked for a group go to (None: it belongs to none).
    sharing_group: int | None = None


@dataclass
class Directory:
    """Organisations by what they do, country by country."""

    orgs: list[Org]
    by_code: dict[str, Org] = field(default_factory=dict)
    by_kind: dict[tuple[str, str], list[Org]] = field(default_factory=lambda: defaultdict(list))
    leads: dict[tuple[str, str], list[Org]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for org in self.orgs:
            self.by_code[org.code] = org
            self.by_kind[(org.country, org.kind)].append(org)
            for case_type in org.leads:
                self.leads[(org.country, case_type)].append(org)

    def lead(self, country: str, case_type: str) -> list[Org]:
        """Agencies that open cases of ``case_type`` in ``country`` (any lead if none)."""
        found = self.leads.get((country, case_type))
        if found:
            return found
        return [o for o in self.orgs if o.country == country and o.leads]

    def first(self, country: str, *kinds: str) -> Org | None:
        for kind in kinds:
            found = self.by_kind.get((country, kind))
            if found:
                return found[0]
        return None

    def of_kind(self, kind: str) -> list[Org]:
        return [o for o in self.orgs if o.kind == kind]

    def countries_with_leads(self) -> list[str]:
        return sorted({o.country for o in self.orgs if o.leads})


@cache
def organisation_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / "organisations.yaml").read_text(encoding="utf-8"))
    return data


def add_organisations(rows: Rows) -> Directory:
    """Write the organisations (parents first) and their sharing groups; return the directory."""
    orgs: list[Org] = []
    ids: dict[str, int] = {}
    data = organisation_data()
    for entry in data["organisations"]:
        parent = entry.get("parent")
        shorts = entry.get("short", {})
        org_id = rows.add(
            "organisation",
            entry["code"],
            entry["name"],
            shorts.get("en"),
            entry.get("language"),
            entry["kind"],
            entry["country"],
            ids[parent] if parent else None,
            CREATED_AT,
            None,  # its node: this one
        )
        for lang, name in entry.get("names", {}).items():
            rows.add("organisation_name", org_id, lang, name, shorts.get(lang))
        ids[entry["code"]] = org_id
        orgs.append(
            Org(
                id=org_id,
                code=entry["code"],
                name=entry["name"],
                kind=entry["kind"],
                country=entry["country"],
                region=entry["region"],
                leads=tuple(entry.get("leads", ())),
            )
        )
    first_group: dict[str, int] = {}
    for group in data["sharing_groups"]:
        group_id = rows.add(
            "sharing_group", group["name"], group["description"], ids[group["owner"]], CREATED_AT
        )
        for code in group["members"]:
            rows.add("sharing_group_member", group_id, ids[code], CREATED_AT)
            first_group.setdefault(code, group_id)
    return Directory([replace(org, sharing_group=first_group.get(org.code)) for org in orgs])
