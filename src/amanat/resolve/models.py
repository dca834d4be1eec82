"""Tables of resolution: judgements, the review queue, canonical entities, runs, models.

Source records are never rewritten.  What links them lives here:

- ``resolution_judgement``: a pair of records judged the same, different or unsure, by an
  analyst or automatically by a run (with the score and model version), undoable;
- ``resolution_candidate``: pairs a run scored between the thresholds, waiting for an
  analyst;
- ``resolution_entity``: the canonical entity of every record that has been linked to
  another, derived from the judgements (connected components) and recomputed, never edited;
- ``resolution_run``: what each run read, scored and decided;
- ``resolution_model``: the trained linkage model, by version (see ``model_store``).

Record ids carry no foreign key: a judgement may concern a person, a group, a vehicle or a
phone (``record_kind``), and records the viewer may not see stay out of every read.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from amanat.register.base import Base, BigId, id_column, utcnow


class Verdict(StrEnum):
    same = "same"
    different = "different"
    unsure = "unsure"


class JudgementSource(StrEnum):
    auto = "auto"  # a run's decision above the upper threshold
    analyst = "analyst"


def _when(nullable: bool = True) -> Mapped[dt.datetime | None]:
    return mapped_column(DateTime(timezone=True), nullable=nullable)


def _user() -> Mapped[int | None]:
    return mapped_column(BigId, ForeignKey("user_account.id"), nullable=True)


class ResolutionRun(Base):
    __tablename__ = "resolution_run"

    id: Mapped[int] = id_column()
    record_kind: Mapped[str] = mapped_column(String(40), nullable=False)
    mode: Mapped[str] = mapped_column(String(20), nullable=False)  # full | incremental
    engine: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="running")
    # Who ran it; a run scoped to what this user may see when ``scoped`` is true.
    user_id: Mapped[int | None] = _user()
    scoped: Mapped[bool] = mapped_column(default=False, nullable=False)
    model_version: Mapped[str | None] = mapped_column(String(60))
    started_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    finished_at: Mapped[dt.datetime | None] = _when()
    # The highest record id read: the next incremental run links records after it.
    high_water_id: Mapped[int | None] = mapped_column(BigId)
    records: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    new_records: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    pairs_scored: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    auto_merged: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    queued: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    entities: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    seconds: Mapped[float | None] = mapped_column(Float)
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="{}")


class LinkageModel(Base):
    """A trained Splink model (its JSON settings) with Amanat's thresholds, by version."""

    __tablename__ = "resolution_model"

    id: Mapped[int] = id_column()
    record_kind: Mapped[str] = mapped_column(String(40), nullable=False)
    version: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    trained_on: Mapped[int] = mapped_column(Integer, nullable=False)
    engine: Mapped[str] = mapped_column(String(20), nullable=False)
    auto_merge_threshold: Mapped[float] = mapped_column(Float, nullable=False)
    review_threshold: Mapped[float] = mapped_column(Float, nullable=False)
    settings: Mapped[str] = mapped_column(Text, nullable=False)


class Judgement(Base):
    __tablename__ = "resolution_judgement"
    __table_args__ = (
        Index("ix_resolution_judgement_pair", "record_kind", "left_id", "right_id"),
        Index("ix_resolution_judgement_right", "record_kind", "right_id"),
    )

    id: Mapped[int] = id_column()
    record_kind: Mapped[str] = mapped_column(String(40), nullable=False)
    # The smaller record id on the left, so that a pair has one spelling.
    left_id: Mapped[int] = mapped_column(BigId, nullable=False)
    right_id: Mapped[int] = mapped_column(BigId, nullable=False)
    verdict: Mapped[str] = mapped_column(String(12), nullable=False)
    source: Mapped[str] = mapped_column(String(8), nullable=False)
    user_id: Mapped[int | None] = _user()
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    score: Mapped[float | None] = mapped_column(Float)
    model_version: Mapped[str | None] = mapped_column(String(60))
    run_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("resolution_run.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    # Undone by an analyst (undone_by_user_id set), or retired by a later full run (not set).
    undone_at: Mapped[dt.datetime | None] = _when()
    undone_by_user_id: Mapped[int | None] = _user()


class Candidate(Base):
    """A pair in the review queue: scored between the thresholds, not yet judged."""

    __tablename__ = "resolution_candidate"
    __table_args__ = (
        Index("ix_resolution_candidate_open", "record_kind", "closed_at", "score"),
        Index("ix_resolution_candidate_pair", "record_kind", "left_id", "right_id"),
    )

    id: Mapped[int] = id_column()
    record_kind: Mapped[str] = mapped_column(String(40), nullable=False)
    left_id: Mapped[int] = mapped_column(BigId, nullable=False)
    right_id: Mapped[int] = mapped_column(BigId, nullable=False)
    score: Mapped[float] = mapped_column(Float, nullable=False)
    match_weight: Mapped[float | None] = mapped_column(Float)
    # associates in common the run counted (``associates``); None: not counted
    associates: Mapped[int | None] = mapped_column(Integer)
    model_version: Mapped[str | None] = mapped_column(String(60))
    run_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("resolution_run.id"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    # Closed when judged, or when a later full run replaced the queue.
    closed_at: Mapped[dt.datetime | None] = _when()


class EntityMember(Base):
    """A record's canonical entity: the smallest record id among those linked to it."""

    __tablename__ = "resolution_entity"
    __table_args__ = (Index("ix_resolution_entity_entity", "record_kind", "entity_id"),)

    record_kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    entity_id: Mapped[int] = mapped_column(BigId, nullable=False)
    assigned_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
