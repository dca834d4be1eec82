"""Canonical entities: the connected components of the judgements that say "same".

Derived, never edited: the members of every entity are recomputed from the judgements in
force (an analyst's "same", a run's automatic merges) whenever they change, and an
analyst's "different" is a wall no chain of merges may cross.  Analysts' judgements are
applied first; automatic merges follow, strongest first, and one that would join two
records judged different is skipped (Splink's components have no such wall).

An entity is named by the smallest record id among its members.  Records linked to no
other record have no row: they are their own entity.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

from sqlalchemy import Engine, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from amanat.access.visibility import Viewer
from amanat.register import RECORD_KINDS
from amanat.register.base import utcnow
from amanat.resolve.models import EntityMember, Judgement, JudgementSource, Verdict
from amanat.store.engine import session_factory

Pair = tuple[int, int]
BATCH = 10_000


class Components:
    """Union-find over record ids with "never together" constraints."""

    def __init__(self, apart: Iterable[Pair] = ()) -> None:
        self.parent: dict[int, int] = {}
        self.apart: dict[int, set[int]] = {}  # root -> records its members must not join
        for a, b in apart:
            self.apart.setdefault(self.find(a), set()).add(b)
            self.apart.setdefault(self.find(b), set()).add(a)

    def find(self, x: int) -> int:
        parent = self.parent.setdefault(x, x)
        while parent != x:
            grand = self.parent[parent]
            self.parent[x] = grand
            x, parent = parent, self.parent[parent]
        return x

    def join(self, a: int, b: int) -> bool:
        """Put a and b in one component unless a wall stands between; True if joined."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        walls_a, walls_b = self.apart.get(ra, set()), self.apart.get(rb, set())
        if any(self.find(x) == rb for x in walls_a) or any(self.find(x) == ra for x in walls_b):
            return False
        self.parent[ra] = rb
        if walls_a:
            self.apart[rb] = walls_b | walls_a
            self.apart.pop(ra, None)
        return True

    def entities(self) -> dict[int, int]:
        """Record -> entity (smallest member id), for components of two or more records."""
        groups: dict[int, list[int]] = {}
        for record in self.parent:
            groups.setdefault(self.find(record), []).append(record)
        return {r: min(g) for g in groups.values() if len(g) > 1 for r in g}


def cluster(same: Iterable[Pair], likely: Iterable[Pair], apart: Iterable[Pair]) -> dict[int, int]:
    """Entities from certain links (``same``), likely ones strongest first, and walls."""
    components = Components(apart)
    for a, b in same:
        components.join(a, b)
    for a, b in likely:
        components.join(a, b)
    return components.entities()


def _in_force(kind: str) -> Any:
    return select(Judgement.left_id, Judgement.right_id, Judgement.verdict, Judgement.source).where(
        Judgement.record_kind == kind, Judgement.undone_at.is_(None)
    )


def _edges(session: Session, query: Any) -> tuple[list[Pair], list[Pair], list[Pair]]:
    same: list[Pair] = []
    likely: list[Pair] = []
    apart: list[Pair] = []
    rows = session.execute(query.order_by(Judgement.score.desc(), Judgement.id))
    for left, right, verdict, source in rows.yield_per(BATCH):
        if verdict == Verdict.different:
            apart.append((left, right))
        elif verdict == Verdict.same:
            (same if source == JudgementSource.analyst else likely).append((left, right))
    return same, likely, apart


def _universe(session: Session, kind: str, start: Collection[int]) -> set[int]:
    """Every record reachable from ``start`` through judgements in force."""
    seen, frontier = set(start), set(start)
    while frontier:
        ids = list(frontier)
        rows = session.execute(
            _in_force(kind).where(or_(Judgement.left_id.in_(ids), Judgement.right_id.in_(ids)))
        )
        reached = {r for left, right, _, _ in rows for r in (left, right)}
        frontier = reached - seen
        seen |= reached
    return seen


def _write(session: Session, kind: str, entities: dict[int, int], clear: Any) -> None:
    session.execute(clear)
    now = utcnow()
    rows = [
        {"record_kind": kind, "record_id": r, "entity_id": e, "assigned_at": now}
        for r, e in entities.items()
    ]
    for start in range(0, len(rows), BATCH):
        session.execute(insert(EntityMember), rows[start : start + BATCH])


def recompute(session: Session, kind: str, around: Collection[int] | None = None) -> int:
    """Recompute entities from the judgements in force; all of them, or only those that
    ``around`` records belong to.  Returns the number of entities written."""
    if around is None:
        entities = cluster(*_edges(session, _in_force(kind)))
        _write(
            session, kind, entities, delete(EntityMember).where(EntityMember.record_kind == kind)
        )
        return len(set(entities.values()))
    universe = _universe(session, kind, around)
    ids = list(universe)
    query = _in_force(kind).where(Judgement.left_id.in_(ids), Judgement.right_id.in_(ids))
    entities = cluster(*_edges(session, query))
    clear = delete(EntityMember).where(
        EntityMember.record_kind == kind, EntityMember.record_id.in_(ids)
    )
    _write(session, kind, entities, clear)
    return len(set(entities.values()))


def entity_count(session: Session, kind: str) -> int:
    """Entities of two or more records."""
    query = select(func.count(func.distinct(EntityMember.entity_id))).where(
        EntityMember.record_kind == kind
    )
    return session.scalar(query) or 0


def entity_of(session: Session, kind: str, record_id: int) -> int:
    found = session.scalar(
        select(EntityMember.entity_id).where(
            EntityMember.record_kind == kind, EntityMember.record_id == record_id
        )
    )
    return record_id if found is None else found


def members(session: Session, kind: str, entity_id: int) -> list[int]:
    query = select(EntityMember.record_id).where(
        EntityMember.record_kind == kind, EntityMember.entity_id == entity_id
    )
    return sorted(session.scalars(query)) or [entity_id]


def assignment(engine: Engine, kind: str, viewer: Viewer) -> Iterator[tuple[int, int]]:
    """(record id, entity id) for the linked records of ``kind`` the viewer may see.

    The entity id is the smallest member id the viewer may see, so that no id of a record
    hidden from the viewer is handed out.  The hook ``amanat.analyze`` reads.
    """
    from amanat.access.visibility import visible

    model: Any = RECORD_KINDS.get(kind)
    if model is None:
        return iter(())
    query = (
        select(EntityMember.record_id, EntityMember.entity_id)
        .join(model, model.id == EntityMember.record_id)
        .where(EntityMember.record_kind == kind, visible(model, viewer))
    )
    with session_factory(engine)() as session:
        rows = session.execute(query).all()
    shown: dict[int, int] = {}
    for record, entity in rows:
        shown[entity] = min(shown.get(entity, record), record)
    return iter([(record, shown[entity]) for record, entity in rows])
