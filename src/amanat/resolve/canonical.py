"""Canonical entities: the groups of records the judgements that say "same" join.

Derived, never edited: the members of every entity are recomputed from the judgements in
force (an analyst's "same", a run's automatic merges) whenever they change, and an
analyst's "different" is a wall no chain of merges may cross.  Analysts' judgements are
applied first; automatic merges follow, strongest first, and one that would join two
records judged different is skipped (Splink's components have no such wall).

An automatic merge joins two groups of records only if the groups, taken as a whole, are
more likely one person than two: the mean log-odds of every pair across them is at least
even, a pair never scored counting as ``UNSCORED``.  Without this check one strong link
chains two namesakes' groups together through a record that says little (a name and no
date of birth scores well against both); connected components make such chains, and
they cost the most precision where registers hold many namesakes (average linkage, as
the dedupe library's hierarchical clustering uses).

An entity is named by the smallest record id among its members.  Records linked to no
other record have no row: they are their own entity.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import Engine, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from amanat.access.visibility import Viewer
from amanat.register import RECORD_KINDS
from amanat.register.base import utcnow
from amanat.resolve.models import Candidate, EntityMember, Judgement, JudgementSource, Verdict
from amanat.store.engine import session_factory

Pair = tuple[int, int]
BATCH = 10_000
# A pair across two groups that no run kept counts as if at the review floor: it scored
# below it, or was never compared (0.2; 0.05–0.3 all give entity F1 within 0.002 on the
# medium demo).
UNSCORED = 0.2
LOGIT_LIMIT = 12.0  # a certain pair counts as much as a very likely one, not infinitely


def _log_odds(probability: float) -> float:
    if probability <= 0.0 or probability >= 1.0:
        return math.copysign(LOGIT_LIMIT, probability - 0.5)
    return max(-LOGIT_LIMIT, min(LOGIT_LIMIT, math.log(probability / (1 - probability))))


class Components:
    """Union-find over record ids with "never together" constraints."""

    def __init__(self, apart: Iterable[Pair] = (), scores: Mapping[Pair, float] | None = None):
        self.parent: dict[int, int] = {}
        self.apart: dict[int, set[int]] = {}  # root -> records its members must not join
        self.members: dict[int, list[int]] = {}  # root -> its records, when checked
        self.scores = scores
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

    def _as_one(self, ra: int, rb: int) -> bool:
        """Whether the records of two groups are, on average, more likely one person."""
        scores = self.scores
        if scores is None:
            return True
        left, right = self.members.get(ra, [ra]), self.members.get(rb, [rb])
        total = 0.0
        for x in left:
            for y in right:
                found = scores.get((x, y) if x < y else (y, x))
                total += _log_odds(UNSCORED if found is None else found)
        return total >= 0.0

    def join(self, a: int, b: int, *, check: bool = False) -> bool:
        """Put a and b in one component unless a wall stands between (or, with ``check``,
        the two groups are on average more likely two people); True if joined."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        walls_a, walls_b = self.apart.get(ra, set()), self.apart.get(rb, set())
        if any(self.find(x) == rb for x in walls_a) or any(self.find(x) == ra for x in walls_b):
            return False
        if check and not self._as_one(ra, rb):
            return False
        self.parent[ra] = rb
        if self.scores is not None:
            self.members[rb] = self.members.pop(rb, [rb]) + self.members.pop(ra, [ra])
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


def cluster(
    same: Iterable[Pair],
    likely: Iterable[Pair],
    apart: Iterable[Pair],
    scores: Mapping[Pair, float] | None = None,
) -> dict[int, int]:
    """Entities from certain links (``same``), likely ones strongest first, and walls.

    With ``scores`` (probability by pair, smaller id first: the likely links and every
    other pair scored), a likely link joins two groups only if the pairs across them say
    so on average (see the module docstring); without, it always does.
    """
    components = Components(apart, scores)
    for a, b in same:
        components.join(a, b)
    for a, b in likely:
        components.join(a, b, check=True)
    return components.entities()


def _in_force(kind: str) -> Any:
    return select(
        Judgement.left_id, Judgement.right_id, Judgement.verdict, Judgement.source, Judgement.score
    ).where(Judgement.record_kind == kind, Judgement.undone_at.is_(None))


def analysts_links(
    session: Session, kind: str, *, with_entities: bool = False
) -> tuple[list[Pair], list[Pair]]:
    """Analysts' "same" and "different" pairs in force; with ``with_entities``, the
    entities already drawn as links too (record, entity): what a provisional clustering
    of new pairs must respect."""
    same: list[Pair] = []
    apart: list[Pair] = []
    rows = session.execute(_in_force(kind).where(Judgement.source == JudgementSource.analyst))
    for left, right, verdict, _, _ in rows:
        if verdict == Verdict.same:
            same.append((left, right))
        elif verdict == Verdict.different:
            apart.append((left, right))
    if with_entities:
        members = select(EntityMember.record_id, EntityMember.entity_id).where(
            EntityMember.record_kind == kind, EntityMember.record_id != EntityMember.entity_id
        )
        same.extend((record, entity) for record, entity in session.execute(members))
    return same, apart


class _Edges:
    """The judgements in force as links and walls, and the scores the check reads."""

    def __init__(self) -> None:
        self.same: list[Pair] = []
        self.likely: list[Pair] = []
        self.apart: list[Pair] = []
        self.scores: dict[Pair, float] = {}

    def cluster(self) -> dict[int, int]:
        return cluster(self.same, self.likely, self.apart, self.scores)


def _edges(session: Session, kind: str, ids: list[int] | None) -> _Edges:
    edges = _Edges()
    query = _in_force(kind)
    if ids is not None:
        query = query.where(Judgement.left_id.in_(ids), Judgement.right_id.in_(ids))
    rows = session.execute(query.order_by(Judgement.score.desc(), Judgement.id))
    for left, right, verdict, source, score in rows.yield_per(BATCH):
        pair = (left, right)
        if verdict == Verdict.different:
            edges.apart.append(pair)
            edges.scores[pair] = 0.0
        elif verdict == Verdict.same and source == JudgementSource.analyst:
            edges.same.append(pair)
            edges.scores[pair] = 1.0
        elif verdict == Verdict.same:
            edges.likely.append(pair)
            edges.scores[pair] = 1.0 if score is None else score
    # pairs in the review queue: scored, not merged, and evidence for the check all the same
    queued = select(Candidate.left_id, Candidate.right_id, Candidate.score).where(
        Candidate.record_kind == kind, Candidate.closed_at.is_(None)
    )
    if ids is not None:
        queued = queued.where(Candidate.left_id.in_(ids), Candidate.right_id.in_(ids))
    for left, right, score in session.execute(queued).yield_per(BATCH):
        edges.scores.setdefault((left, right), score)
    return edges


def _universe(session: Session, kind: str, start: Collection[int]) -> set[int]:
    """Every record reachable from ``start`` through judgements in force."""
    seen, frontier = set(start), set(start)
    while frontier:
        ids = list(frontier)
        rows = session.execute(
            _in_force(kind).where(or_(Judgement.left_id.in_(ids), Judgement.right_id.in_(ids)))
        )
        reached = {r for left, right, *_ in rows for r in (left, right)}
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
        entities = _edges(session, kind, None).cluster()
        _write(
            session, kind, entities, delete(EntityMember).where(EntityMember.record_kind == kind)
        )
        return len(set(entities.values()))
    ids = list(_universe(session, kind, around))
    entities = _edges(session, kind, ids).cluster()
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
