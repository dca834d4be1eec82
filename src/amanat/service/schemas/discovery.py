"""Bodies of hit/no-hit discovery: a query (names, a date of birth, documents, phones),
the answers (hit or no hit per holder, never a name or a record id), the owner's
setting, and the queries that hit one's records."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from amanat.service.schemas.fields import NUL_FREE, Code, Name, Purpose, RecordId
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
    person_id: RecordId | None = Field(
        default=None, description="Ask about this person record of yours instead."
    )


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
    # An NGO's case worker learns hit or no hit only: band "hit", no holder, no
    # reference; the holders may ask her organisation (``/discovery/requests/back``).
    brokered: bool = False


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
    # The asker, an NGO's case worker, learned only hit or no hit: ask it back.
    brokered: bool = False


class InformationRequestCreate(Strict):
    reference: Short = Field(description="The reference a hit answered.")
    purpose: Purpose
    basis: Short = Field(description="A legal_basis code, e.g. mla_request.")
    urgency: Literal["routine", "urgent"] = "routine"
    handling: Short = Field(default="H0", description="The handling code you accept (H0-H3).")


class InformationDecision(Strict):
    decision: Literal["approve", "partial", "decline"]
    sections: list[Short] = Field(
        default_factory=list,
        max_length=10,
        description="For 'partial': names, birth, sex, citizenships, documents, phones, "
        "addresses, notes.",
    )
    records: list[Short] = Field(
        default_factory=list, max_length=200, description="For 'partial': linked records, kind:id."
    )
    note: Purpose | None = Field(default=None, description="Required to decline: why.")


class InformationRequestPublic(BaseModel):
    """A request for information; ``holder`` is shown to the asker only as the hit
    showed it, until the holder releases."""

    id: int
    reference: str
    holder: str | None
    holder_country: str | None
    asker_org: str | None
    asker: str | None
    purpose: str
    legal_basis: str
    urgency: str
    handling: str
    requested_at: dt.datetime
    due_at: dt.datetime
    overdue: bool
    status: str
    decided_at: dt.datetime | None
    decision_note: str | None
    released_sections: list[str]
    released_records: list[str]


class InformationRequestLists(BaseModel):
    to_decide: list[InformationRequestPublic]
    made: list[InformationRequestPublic]


class ReleasedPerson(BaseModel):
    person_id: int
    sections: dict[str, list[str]]


class InformationRequestShown(InformationRequestPublic):
    """One request: to its holder, the hit records and what it may release; to the
    asker, once released, exactly what was."""

    hit_persons: list[int]
    offered_sections: list[str]
    offered_records: list[str]
    released: list[ReleasedPerson]
