"""Which records are the same real person, group, vehicle or phone — when resolution
has said so: the one mechanism every analysis that joins people across records uses.

Resolution (``amanat.resolve.canonical``) keeps each linked record's entity in the
``resolution_entity`` table: the smallest member's record id.  Two forms read it:

- ``load_canonical``: pairs of (record id, entity id) for the linked records the
  viewer may see, through ``amanat.resolve.canonical.assignment``, the entity named
  by its smallest visible member so labels can be looked up by the entity id.
  Networks are drawn over these: two agencies' records of one courier are one node.
- ``entity_of``: the same assignment as a SQL expression, for analyses that count in
  the database (who reaches conviction, the pipeline, victims against verdicts,
  indicator tables, flows).  The court's record of a defendant and the police's
  record of the suspect are one person there too.  It names an entity by its
  smallest member, visible or not; the grouping is the same as ``load_canonical``'s
  (a test checks it), and analyses only count groups, never show their ids.

Where resolution has judged nothing (or the register predates it), people are
records, and every result says which it used.  Only the judgement that two records
are one person is used, never what a record the scope does not admit says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Engine, func, select
from sqlalchemy.exc import DBAPIError

from amanat.access.visibility import Viewer
from amanat.resolve.canonical import assignment
from amanat.resolve.models import EntityMember

RESOLVED_KINDS = ("person", "group", "vehicle", "phone")
# What people (and groups, vehicles, phones) are in an analysis: resolved entities, or
# records because resolution has nothing to say; the report and the web app put the
# code into their users' words.
RESOLVED, NO_TABLES, NO_JUDGEMENTS = "resolved", "no_tables", "no_judgements"
SOURCES = {
    RESOLVED: "people, groups, vehicles and phones, each once however many records name it",
    NO_TABLES: "records, each on its own (this register does not link records)",
    NO_JUDGEMENTS: "records, each on its own (no records have been linked yet)",
    "none": "records, each on its own",
}


@dataclass(frozen=True)
class Canonical:
    """Record id → canonical id, per kind; kinds absent are record-level."""

    ids: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    basis: str = "none"

    @property
    def source(self) -> str:
        return SOURCES[self.basis]

    def resolved(self) -> bool:
        return any(self.ids.values())


def load_canonical(engine: Engine, viewer: Viewer) -> Canonical:
    try:
        ids = {kind: dict(assignment(engine, kind, viewer)) for kind in RESOLVED_KINDS}
    except DBAPIError:  # a register migrated before resolution existed
        return Canonical(basis=NO_TABLES)
    if not any(ids.values()):
        return Canonical(basis=NO_JUDGEMENTS)
    return Canonical(ids, basis=RESOLVED)


def entity_of(kind: str, record_id: Any) -> ColumnElement[int]:
    """The canonical entity of the ``kind`` record whose id is in ``record_id`` (a
    column): its entity's id, or the record's own id when it is linked to no other
    (NULL stays NULL).  Count ``DISTINCT entity_of(...)`` to count people."""
    # Correlated to wherever ``record_id`` comes from, however deeply nested (an
    # EXISTS inside the query that reads the record: SQLAlchemy would otherwise
    # correlate only with the SELECT immediately around this one).
    linked = (
        select(EntityMember.entity_id)
        .where(EntityMember.record_kind == kind, EntityMember.record_id == record_id)
        .correlate_except(EntityMember)
        .scalar_subquery()
    )
    found: ColumnElement[int] = func.coalesce(linked, record_id)
    return found
