"""Bodies of resolution: review pairs with their evidence, judgements and entities."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from amanat.service.schemas.fields import Reason, RecordId
from amanat.service.schemas.records import Strict


class PersonSummary(BaseModel):
    """What linkage compares of one person record (never a protected person's)."""

    person_id: int
    name: str
    birth_year: int | None
    birth_month: int | None
    birth_day: int | None
    citizenships: list[str]
    documents: list[str] = Field(description="Document type and number, as written.")
    phones: list[str]
    org_id: int | None


class FieldEvidencePublic(BaseModel):
    field: str
    score: float | None = Field(description="Agreement in [0, 1]; null: the field says nothing.")
    reasons: list[str]


class ReviewPairPublic(BaseModel):
    id: int = Field(description="The pair's id in the review queue.")
    left: PersonSummary
    right: PersonSummary
    match_probability: float
    model_version: str | None
    evidence: list[FieldEvidencePublic]


class JudgementCreate(Strict):
    left_id: RecordId
    right_id: RecordId
    verdict: Literal["same", "different", "unsure"]
    note: Reason | None = None


class JudgementPublic(BaseModel):
    id: int
    left_id: int
    right_id: int
    verdict: str
    source: str = Field(description="analyst, or auto for a run's merge.")
    created_at: dt.datetime
    undone_at: dt.datetime | None
    note: str | None


class EntityMemberPublic(BaseModel):
    person_id: int
    name: str
    org_id: int | None


class EntityPublic(BaseModel):
    person_id: int
    entity_id: int = Field(description="The smallest id among the members you may see.")
    also_recorded_as: list[EntityMemberPublic] = Field(
        description="The entity's other records you may see."
    )
