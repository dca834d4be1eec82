"""Provenance of generated records: who submitted them, graded how, marked how.

Gradings follow the kind of source (a court decision is usually A1, a media report
C3 or worse); markings follow sensitivity (victims' records are mostly AMBER+STRICT
or RED, aggregated and public data CLEAR).  Each combination is drawn at once from
one prepared table, so a record costs a single random draw.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from amanat.demo.population.mix import Mix
from amanat.demo.region.dates import HORIZON, iso
from amanat.demo.region.organisations import Org
from amanat.register.base import new_global_id

# (source_kind, reliability, credibility, tlp, handling, distribution)
Grade = tuple[str, str, str, str, str, str]

RELIABILITY: dict[str, dict[str, float]] = {
    "agency_record": {"A": 15, "B": 50, "C": 22, "D": 3, "F": 10},
    "court_decision": {"A": 85, "B": 15},
    "ngo_report": {"B": 45, "C": 40, "D": 5, "F": 10},
    "media": {"C": 40, "D": 30, "E": 10, "F": 20},
    "researcher": {"B": 30, "C": 50, "F": 20},
    "open_source": {"B": 40, "C": 40, "F": 20},
    "hotline": {"C": 20, "D": 30, "F": 50},
    "informant": {"B": 15, "C": 40, "D": 25, "E": 10, "F": 10},
}
CREDIBILITY: dict[str, dict[str, float]] = {
    "agency_record": {"1": 15, "2": 45, "3": 25, "4": 3, "6": 12},
    "court_decision": {"1": 90, "2": 10},
    "ngo_report": {"2": 40, "3": 40, "4": 5, "6": 15},
    "media": {"2": 10, "3": 40, "4": 25, "5": 5, "6": 20},
    "researcher": {"2": 30, "3": 45, "6": 25},
    "open_source": {"2": 30, "3": 45, "6": 25},
    "hotline": {"3": 30, "4": 20, "6": 50},
    "informant": {"2": 20, "3": 40, "4": 25, "5": 10, "6": 5},
}
# How widely a record may be shared, by how sensitive it is.
TLP: dict[str, dict[str, float]] = {
    "routine": {"GREEN": 25, "AMBER": 55, "AMBER+STRICT": 12, "RED": 8},
    "sensitive": {"AMBER": 30, "AMBER+STRICT": 45, "RED": 25},
    "public": {"CLEAR": 100},
    "court": {"CLEAR": 30, "GREEN": 50, "AMBER": 20},
}
# Stricter markings come with stricter handling conditions.
HANDLING: dict[str, dict[str, float]] = {
    "CLEAR": {"H0": 100},
    "GREEN": {"H0": 85, "H1": 15},
    "AMBER": {"H0": 55, "H1": 20, "H2": 15, "H3": 10},
    "AMBER+STRICT": {"H0": 20, "H1": 20, "H2": 40, "H3": 20},
    "RED": {"H1": 10, "H2": 55, "H3": 35},
}

TABLE_SIZE = 4096
# Submission times: quarter hours from 03:00 to 11:45 UTC (office hours in the region).
OFFICE_HOURS = tuple(f" {h:02d}:{m:02d}:00" for h in range(3, 12) for m in (0, 15, 30, 45))
# Who a record reaches, within what its TLP allows (never wider).
DISTRIBUTION: dict[str, dict[str, float]] = {
    "CLEAR": {"community": 100},
    "GREEN": {"community": 70, "group": 30},
    "AMBER": {"group": 60, "owner": 40},
    "AMBER+STRICT": {"owner": 70, "group": 30},
    "RED": {"owner": 100},
}
# The order of Provenance's columns that ``provenance`` returns values in.
COLUMNS = (
    "global_id", "origin_node_id", "org_id", "external_id", "submitted_at", "updated_at",
    "source_id", "source_kind", "reliability", "credibility", "tlp", "handling",
    "distribution", "sharing_group_id", "version", "deleted_at", "deletion_reason",
)  # fmt: skip


@cache
def grades(source_kind: str, sensitivity: str) -> Mix[Grade]:
    """Every combination of grading and marking for a kind of source, with its weight."""
    combos: list[tuple[Grade, float]] = []
    for rel, w_rel in RELIABILITY[source_kind].items():
        for cred, w_cred in CREDIBILITY[source_kind].items():
            for tlp, w_tlp in TLP[sensitivity].items():
                for handling, w_h in HANDLING[tlp].items():
                    for spread, w_d in DISTRIBUTION[tlp].items():
                        grade = (source_kind, rel, cred, tlp, handling, spread)
                        combos.append((grade, w_rel * w_cred * w_tlp * w_h * w_d))
    return Mix(combos)


@cache
def grade_table(source_kind: str, sensitivity: str) -> tuple[Grade, ...]:
    """``grades`` laid out in TABLE_SIZE slots by weight, drawn with one index.

    Millions of records each draw a grade; an index into a table is several times
    faster than a weighted draw, and 1/4096 is finer than any share given above.
    """
    mix = grades(source_kind, sensitivity)
    total = sum(mix.weights)
    exact = [w / total * TABLE_SIZE for w in mix.weights]
    slots = [int(x) for x in exact]
    # Largest remainders get the slots left over, so every share is as close as can be.
    by_remainder = sorted(range(len(exact)), key=lambda i: slots[i] - exact[i])
    for i in by_remainder[: TABLE_SIZE - sum(slots)]:
        slots[i] += 1
    return tuple(g for g, n in zip(mix.outcomes, slots, strict=True) for _ in range(n))


def provenance(
    rng: random.Random,
    org: Org,
    tag: str,
    record_id: int,
    day: int,
    source_kind: str = "agency_record",
    sensitivity: str = "routine",
    source_id: int | None = None,
) -> tuple[Any, ...]:
    """The provenance values (in ``COLUMNS`` order) of a record about something on ``day``.

    ``tag`` names the kind of record in the organisation's own id ("P" person, "C" case ...).
    """
    kind, rel, cred, tlp, handling, spread = grade_table(source_kind, sensitivity)[
        int(rng.random() * TABLE_SIZE)
    ]
    group = org.sharing_group
    if spread == "group" and group is None:
        spread = "owner"  # an organisation in no sharing group keeps such records to itself
    elif spread != "group":
        group = None
    # Submitted within a few weeks of what it records, in office hours (UTC).
    lag = rng.random() * 30
    submitted = day + int(lag)
    if submitted > HORIZON:
        submitted = HORIZON
    when = iso(submitted) + OFFICE_HOURS[int(lag * 1000) % len(OFFICE_HOURS)]
    return (
        # Not drawn from ``rng``: a seed's region stays what it was, record for record.
        new_global_id(),
        None,  # made on this node
        org.id,
        f"{org.code}/{tag}/{record_id}",
        when,
        when,
        source_id,
        kind,
        rel,
        cred,
        tlp,
        handling,
        spread,
        group,
        1,
        None,
        None,
    )
