"""Relationships between records: family, clan, associates, membership, employment,
ownership and payments, each asserted by one organisation."""

from __future__ import annotations

import random

from amanat.demo.region import dates
from amanat.demo.region.organisations import Org
from amanat.demo.region.provenance import provenance
from amanat.demo.region.rows import Rows


def relate(
    rows: Rows,
    rng: random.Random,
    org: Org,
    day: int,
    kind: str,
    *,
    from_person: int | None = None,
    from_group: int | None = None,
    to_person: int | None = None,
    to_group: int | None = None,
    to_org: int | None = None,
    to_vehicle: int | None = None,
    to_phone: int | None = None,
    detail: str | None = None,
    started: int | None = None,
    amount: float | None = None,
    currency: str | None = None,
    source_kind: str = "agency_record",
) -> int:
    relationship_id = rows.next_id["relationship"]
    return rows.add(
        "relationship",
        kind,
        from_person,
        from_group,
        to_person,
        to_group,
        to_org,
        to_vehicle,
        to_phone,
        detail,
        dates.iso(started) if started is not None else None,
        None,
        amount,
        currency,
        *provenance(rng, org, "L", relationship_id, day, source_kind),
    )
