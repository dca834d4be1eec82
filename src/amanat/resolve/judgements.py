"""Analysts' judgements: same, different or unsure; undone; and a merge split again.

Judgements are the source of truth for merges: the canonical entities are recomputed from
them after each change, and every later run respects them (an analyst's "different" is
never merged again, a pair judged at all never returns to the review queue, an automatic
merge an analyst undid is not made again).  A judgement is by a user, who must see both
records; the action that makes it (``amanat.actions.resolution``) writes it to the audit
trail in the same transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session

from amanat.access.roles import Permission, require
from amanat.access.sharing import NotFound
from amanat.access.visibility import Viewer, visible
from amanat.register import RECORD_KINDS
from amanat.register.base import utcnow
from amanat.resolve import canonical
from amanat.resolve.models import Candidate, Judgement, JudgementSource, Verdict


class JudgementError(ValueError):
    """A judgement that cannot be made (a record judged against itself, ...)."""


def ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _require_visible(session: Session, viewer: Viewer, kind: str, ids: list[int]) -> None:
    model: Any = RECORD_KINDS.get(kind)
    if model is None:
        raise JudgementError(f"records of kind {kind!r} are not resolved")
    query = select(model.id).where(model.id.in_(ids), visible(model, viewer))
    seen = set(session.scalars(query))
    for record_id in ids:
        if record_id not in seen:
            raise NotFound(f"{kind} {record_id} not found")


def _pair(kind: str, left: int, right: int) -> ColumnElement[bool]:
    return and_(
        Judgement.record_kind == kind, Judgement.left_id == left, Judgement.right_id == right
    )


def judge(
    session: Session,
    viewer: Viewer,
    kind: str,
    a: int,
    b: int,
    verdict: Verdict | str,
    note: str | None = None,
) -> Judgement:
    """Record that records a and b are the same, different, or that one cannot tell.

    An earlier analyst judgement of the same pair is replaced (undone by this user).
    """
    require(viewer.role, Permission.resolve, "records as one")
    if a == b:
        raise JudgementError("a record is always the same as itself")
    verdict = Verdict(verdict)
    left, right = ordered(a, b)
    _require_visible(session, viewer, kind, [left, right])
    now = utcnow()
    session.execute(
        update(Judgement)
        .where(_pair(kind, left, right), Judgement.undone_at.is_(None))
        .where(Judgement.source == JudgementSource.analyst)
        .values(undone_at=now, undone_by_user_id=viewer.user_id)
    )
    session.execute(
        update(Candidate)
        .where(Candidate.record_kind == kind, Candidate.left_id == left)
        .where(Candidate.right_id == right, Candidate.closed_at.is_(None))
        .values(closed_at=now)
    )
    judgement = Judgement(
        record_kind=kind,
        left_id=left,
        right_id=right,
        verdict=verdict.value,
        source=JudgementSource.analyst.value,
        user_id=viewer.user_id,
        created_at=now,
        note=note,
    )
    session.add(judgement)
    session.flush()
    canonical.recompute(session, kind, [left, right])
    return judgement


def undo(session: Session, viewer: Viewer, judgement_id: int) -> Judgement:
    """Undo a judgement in force (an analyst's or a run's automatic merge)."""
    require(viewer.role, Permission.resolve, "records as one")
    judgement = session.get(Judgement, judgement_id)
    if judgement is None or judgement.undone_at is not None:
        raise NotFound(f"judgement {judgement_id} not found or already undone")
    _require_visible(
        session, viewer, judgement.record_kind, [judgement.left_id, judgement.right_id]
    )
    judgement.undone_at = utcnow()
    judgement.undone_by_user_id = viewer.user_id
    session.flush()
    # A judgement made from the review queue (a wrong click) puts the pair back there:
    # later runs score only new records, so nothing else would bring it back.
    session.execute(
        update(Candidate)
        .where(Candidate.record_kind == judgement.record_kind)
        .where(Candidate.left_id == judgement.left_id, Candidate.right_id == judgement.right_id)
        .where(Candidate.closed_at.is_not(None))
        .values(closed_at=None)
    )
    canonical.recompute(session, judgement.record_kind, [judgement.left_id, judgement.right_id])
    return judgement


def split(session: Session, viewer: Viewer, kind: str, record_id: int) -> list[Judgement]:
    """Take a record out of its entity: it is judged different from every other member the
    viewer may see, and the "same" judgements that tied it in are undone."""
    require(viewer.role, Permission.resolve, "records as one")
    entity = canonical.entity_of(session, kind, record_id)
    others = [r for r in canonical.members(session, kind, entity) if r != record_id]
    if not others:
        raise JudgementError(f"{kind} {record_id} is not linked to any other record")
    _require_visible(session, viewer, kind, [record_id])
    model: Any = RECORD_KINDS[kind]
    seen = set(
        session.scalars(select(model.id).where(model.id.in_(others), visible(model, viewer)))
    )
    now = utcnow()
    ties = or_(Judgement.left_id == record_id, Judgement.right_id == record_id)
    session.execute(
        update(Judgement)
        .where(Judgement.record_kind == kind, ties, Judgement.undone_at.is_(None))
        .where(Judgement.verdict == Verdict.same)
        .values(undone_at=now, undone_by_user_id=viewer.user_id)
    )
    made = [
        judge(session, viewer, kind, record_id, other, Verdict.different, note="split")
        for other in sorted(seen)
    ]
    canonical.recompute(session, kind, [record_id, *others])
    return made


def in_force(session: Session, kind: str, record_id: int) -> list[Judgement]:
    """The judgements in force that concern a record, newest first."""
    query = (
        select(Judgement)
        .where(Judgement.record_kind == kind, Judgement.undone_at.is_(None))
        .where(or_(Judgement.left_id == record_id, Judgement.right_id == record_id))
        .order_by(Judgement.id.desc())
    )
    return list(session.scalars(query))
