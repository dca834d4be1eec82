"""What a run does with the pairs it scored, given the judgements already made.

Above the upper threshold a pair is merged automatically (an ``auto`` judgement); between
the thresholds it goes to the review queue.  What analysts said comes first: a pair an
analyst judged (same, different or unsure) is neither merged nor queued again, and an
automatic merge an analyst undid is queued for review instead of being made again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.resolve.models import Candidate, Judgement, JudgementSource

Pair = tuple[int, int]


@dataclass
class Known:
    """Pairs already settled or pending, read once per run."""

    judged: set[Pair] = field(default_factory=set)  # an analyst judgement in force
    rejected: set[Pair] = field(default_factory=set)  # an automatic merge an analyst undid
    merged: set[Pair] = field(default_factory=set)  # automatic merges in force
    queued: set[Pair] = field(default_factory=set)  # open in the review queue


def known_pairs(session: Session, kind: str, *, with_pending: bool) -> Known:
    """The pairs analysts settled; with ``with_pending``, also merges in force and the open
    queue (an incremental run adds to them rather than replacing them)."""
    known = Known()
    j = Judgement
    analyst = select(j.left_id, j.right_id).where(
        j.record_kind == kind, j.source == JudgementSource.analyst, j.undone_at.is_(None)
    )
    known.judged = {(a, b) for a, b in session.execute(analyst)}
    undone = select(j.left_id, j.right_id).where(
        j.record_kind == kind, j.source == JudgementSource.auto, j.undone_by_user_id.is_not(None)
    )
    known.rejected = {(a, b) for a, b in session.execute(undone)}
    if with_pending:
        merged = select(j.left_id, j.right_id).where(
            j.record_kind == kind, j.source == JudgementSource.auto, j.undone_at.is_(None)
        )
        known.merged = {(a, b) for a, b in session.execute(merged)}
        c = Candidate
        queued = select(c.left_id, c.right_id).where(c.record_kind == kind, c.closed_at.is_(None))
        known.queued = {(a, b) for a, b in session.execute(queued)}
    return known


@dataclass(frozen=True)
class Decided:
    merge: list[tuple[int, int, float]]  # (left, right, probability)
    # (left, right, probability, weight, associates in common or None when not counted)
    review: list[tuple[int, int, float, float, int | None]]


def decide(pairs: pa.Table, known: Known, auto_merge: float, review: float) -> Decided:
    """Sort scored pairs into automatic merges and review items."""
    merge: list[tuple[int, int, float]] = []
    queue: list[tuple[int, int, float, float, int | None]] = []
    columns = [pairs[name].to_pylist() for name in ("left_id", "right_id", "probability", "weight")]
    counted = "associates" in pairs.column_names
    columns.append(pairs["associates"].to_pylist() if counted else [None] * pairs.num_rows)
    for left, right, probability, weight, associates in zip(*columns, strict=True):
        pair = (left, right)
        if probability < review or pair in known.judged:
            continue
        if probability >= auto_merge and pair not in known.rejected:
            if pair not in known.merged:
                merge.append((left, right, probability))
        elif pair not in known.queued:
            queue.append((left, right, probability, weight, associates))
    return Decided(merge, queue)
