"""Which records are the same real person, group, vehicle or phone — when resolution
has said so.

Networks are drawn over resolved entities: two agencies' records of one courier are
one node.  The assignment comes from ``amanat.resolve.canonical.assignment(engine, kind,
viewer)``: pairs of (record id, entity id) for the linked records the viewer may
see, the entity named by its smallest visible member, so labels can be looked up
by the entity id.  Where resolution has judged nothing (or the register predates
it), nodes are records, and every network result says which it used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from amanat.access.visibility import Viewer
from amanat.resolve.canonical import assignment

RESOLVED_KINDS = ("person", "group", "vehicle", "phone")


@dataclass(frozen=True)
class Canonical:
    """Record id → canonical id, per kind; kinds absent are record-level."""

    ids: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    source: str = "records (no canonical assignment available)"

    def resolved(self) -> bool:
        return any(self.ids.values())


def load_canonical(engine: Engine, viewer: Viewer) -> Canonical:
    try:
        ids = {kind: dict(assignment(engine, kind, viewer)) for kind in RESOLVED_KINDS}
    except DBAPIError:  # a register migrated before resolution existed
        return Canonical(source="records (this register has no resolution tables)")
    if not any(ids.values()):
        return Canonical(source="records (resolution has judged no records the same yet)")
    return Canonical(ids, source="resolved entities (amanat.resolve canonical assignment)")
