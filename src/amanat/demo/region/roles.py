"""Case roles: what a person is in a case, asserted by the organisation that says so."""

from __future__ import annotations

import random

from amanat.demo.region.organisations import Org
from amanat.demo.region.provenance import provenance
from amanat.demo.region.rows import Rows


def add_role(
    rows: Rows,
    rng: random.Random,
    org: Org,
    case_id: int,
    person_id: int,
    role: str,
    day: int,
    *,
    perpetrator_role: str | None = None,
    facilitator_kind: str | None = None,
    position: str | None = None,
    employer: Org | None = None,
    source_kind: str = "agency_record",
    sensitivity: str = "routine",
    source_id: int | None = None,
) -> int:
    role_id = rows.next_id["case_role"]
    return rows.add(
        "case_role",
        case_id,
        person_id,
        role,
        perpetrator_role,
        facilitator_kind,
        position is not None,
        position,
        employer.id if employer else None,
        *provenance(rng, org, "R", role_id, day, source_kind, sensitivity, source_id),
    )
