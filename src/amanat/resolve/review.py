"""The review queue: pairs scored between the thresholds, both records side by side with
the reason each field agrees or not, for an analyst to judge.

Only pairs whose two records the analyst may see are shown; protected persons never
reach the queue (they are not linked on plaintext).  The terminal command and, later, the
web page read the queue through ``next_items``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from amanat.access.visibility import Viewer
from amanat.register import Person
from amanat.resolve.evidence import FieldEvidence, associate_evidence, explain
from amanat.resolve.models import Candidate
from amanat.resolve.records import PersonRecord, linkable, read_people

PAGE = 200


@dataclass(frozen=True)
class ReviewItem:
    candidate_id: int
    left: PersonRecord
    right: PersonRecord
    score: float
    model_version: str | None
    evidence: tuple[FieldEvidence, ...]


def open_count(session: Session, kind: str = "person", viewer: Viewer | None = None) -> int:
    """Open pairs; with ``viewer``, only those ``next_items`` would show them (both
    records theirs to see): a pair they cannot judge is not theirs to know of."""
    query = select(func.count()).where(Candidate.record_kind == kind, Candidate.closed_at.is_(None))
    if viewer is not None and kind == "person":
        query = query.where(*seen_pair(viewer))
    return session.scalar(query) or 0


def seen_pair(viewer: Viewer) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """WHERE clauses: both records of a person pair are linkable by ``viewer``.  Each
    a lookup by id per open pair: ``id IN (every person the viewer may see)`` made
    SQLite walk every visible person of a region, even with no pair open."""
    return tuple(  # type: ignore[return-value]
        exists().where(Person.id == side, linkable(viewer))
        for side in (Candidate.left_id, Candidate.right_id)
    )


def next_items(
    session: Session, viewer: Viewer, limit: int = 20, kind: str = "person"
) -> list[ReviewItem]:
    """The most likely open pairs first, skipping those the viewer may not see in full."""
    items: list[ReviewItem] = []
    offset = 0
    while len(items) < limit:
        page = (
            session.execute(
                select(Candidate)
                .where(Candidate.record_kind == kind, Candidate.closed_at.is_(None))
                .order_by(Candidate.score.desc(), Candidate.id)
                .offset(offset)
                .limit(PAGE)
            )
            .scalars()
            .all()
        )
        if not page:
            break
        offset += len(page)
        ids = {i for c in page for i in (c.left_id, c.right_id)}
        records = {r.id: r for r in read_people(session, viewer, only_ids=ids)}
        for c in page:
            left, right = records.get(c.left_id), records.get(c.right_id)
            if left is None or right is None:
                continue
            evidence = (*explain(left, right), associate_evidence(c.associates))
            items.append(ReviewItem(c.id, left, right, c.score, c.model_version, evidence))
            if len(items) == limit:
                break
    return items
