"""Bodies of open-source reports: a report added, listed and shown with its candidates,
and an analyst's decision on a candidate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from amanat.service.schemas.records import Strict


class ReportAdded(BaseModel):
    report_id: int
    source_id: int
    language: str
    reliability: str
    candidates: int


class ReportSummary(BaseModel):
    report_id: int
    published_on: dt.date
    language: str
    reliability: str
    proposed: int
    confirmed: int
    rejected: int


class LikelySame(BaseModel):
    person_id: int
    score: float


class CandidateOut(BaseModel):
    candidate_id: int
    kind: str
    status: str
    details: dict[str, Any] = Field(
        description="The event (kind, date, place, counts, actors, hedged, negated, "
        "evidence) or the person named (name, evidence)."
    )
    record_kind: str | None = None
    record_id: int | None = None
    likely_same_as: list[LikelySame] = Field(default_factory=list)
    suggested_credibility: str | None = Field(
        default=None,
        description="1: a register record says the same; 2: another report does; "
        "4: the report hedges it; 6: cannot be judged.",
    )


class ReportOut(BaseModel):
    report_id: int
    source_id: int
    published_on: dt.date
    language: str
    reliability: str
    text: str
    candidates: list[CandidateOut]


class CandidateConfirm(Strict):
    credibility: str = Field(min_length=1, max_length=1, description="Admiralty 1–6.")
    edits: dict[str, Any] = Field(
        default_factory=dict,
        description='Fields of the record to set or correct, e.g. {"country": "KG"}; a '
        "pipeline event needs its case_id.",
    )


class CandidateDecided(BaseModel):
    candidate_id: int
    status: str
    record_kind: str | None = None
    record_id: int | None = None
