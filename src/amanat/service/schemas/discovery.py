"""Bodies of hit/no-hit discovery: a query (names, a date of birth, documents, phones),
the answers (hit or no hit per holder, never a name or a record id), the owner's
setting, and the queries that hit one's records."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from amanat.service.schemas.fields import NUL_FREE, Code, Name, Purpose
from amanat.service.schemas.records import Strict

Short = Annotated[str, Field(min_length=1, max_length=60), NUL_FREE]


class DocumentQuery(Strict):
    type: Short = Field(description="A document_type code, e.g. national_passport.")
    country: Code | None = Field(default=None, description="Issuing country (ISO alpha-2).")
    number: Short


class DiscoveryQuery(Strict):
    names: list[Name] = Field(default_factory=list, max_length=5)
    born: Short | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD.")
    documents: list[DocumentQuery] = Field(default_factory=list, max_length=5)
    phones: list[Short] = Field(default_factory=list, max_length=5)


class DiscoveryAsk(Strict):
    queries: list[DiscoveryQuery] = Field(min_length=1, max_length=100)
    purpose: Purpose
    basis: Short = Field(description="A legal_basis code, e.g. bilateral_agreement.")


class HolderAnswer(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    band: str
    reference: str
    holder: str | None = None
    holder_name: str | None = None
    country: str | None = None


class DiscoveryOutcome(BaseModel):
    answer: Literal["hit", "no hit"]
    answers: list[HolderAnswer]


class DiscoverableChange(Strict):
    setting: Short | None = Field(
        description="organisation, country, anonymous or none; null: the default by role."
    )


class DiscoverableState(BaseModel):
    person_id: int
    in_force: str


class ReceivedHit(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    asked_at: dt.datetime
    person_id: int
    band: str
    reference: str
    asker_org: str | None
    asker: str | None
    legal_basis: str
    purpose: str
