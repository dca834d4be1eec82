"""Bodies of the directory of service providers and of referrals."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from amanat.actions.paging import LAST_PAGE
from amanat.service.schemas.fields import NUL_FREE, Reason, RecordId, Version, vocabulary_enum
from amanat.service.schemas.records import Strict

if TYPE_CHECKING:
    Service: TypeAlias = str
    Status: TypeAlias = str
else:
    Service = vocabulary_enum("assistance_kind")
    Status = vocabulary_enum("assistance_status")
Country = Annotated[str, Field(min_length=2, max_length=2), NUL_FREE]
Region = Annotated[str, Field(min_length=1, max_length=100), NUL_FREE]
Note = Annotated[str, Field(min_length=1, max_length=2000), NUL_FREE]


class OfferCreate(Strict):
    service: Service
    country: Country | None = Field(
        default=None, description="ISO 3166-1 alpha-2; none: your organisation's country."
    )
    region: Region | None = Field(default=None, description="None: the whole country.")
    note: Annotated[str, Field(min_length=1, max_length=500), NUL_FREE] | None = Field(
        default=None, description="How to refer: intake hours, languages. Never a victim's name."
    )


class OfferPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    service: str
    country: str
    region: str | None
    note: str | None


class ProviderPublic(BaseModel):
    org_id: int
    code: str
    name: str
    kind: str
    offers: list[OfferPublic]


class GivenConsent(Strict):
    given_on: dt.date = Field(description="When she gave it.")
    identity: bool = Field(
        description="Whether she also agrees that the receiver may know who she is; "
        "without it the receiver sees her record under its pseudonym only."
    )


class ReferralCreate(Strict):
    service: Service
    provider_org_id: RecordId = Field(
        description="An organisation the directory lists for the service."
    )
    consent: GivenConsent | None = Field(
        default=None,
        description="Her consent, given now, to share her record with the receiver for "
        "assistance; needed when none on her record covers the receiver.",
    )
    referred_on: dt.date | None = None
    note: Note | None = Field(
        default=None, description="For the receiver: what she needs. Not her name."
    )
    version: Version | None = Field(
        default=None, description="The victim's version read; another one is a conflict (409)."
    )


class ReferralAnswer(Strict):
    status: Status = Field(
        description="accepted, in_progress, completed, refused_by_provider or declined_by_victim."
    )
    seen: Status = Field(description="The status you saw; another one now is a conflict (409).")
    reason: Reason | None = Field(default=None, description="Required to decline.")


class ReferralStep(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    status: str
    at: dt.datetime
    by_org_id: int
    reason: str | None


class ReferralPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    victim_id: int
    service: str
    from_org_id: int
    provider_org_id: int
    status: str
    referred_on: dt.date
    completed_on: dt.date | None
    note: str | None
    reason: str | None
    answer_noted: bool
    events: list[ReferralStep]


class ListedReferral(BaseModel):
    referral: ReferralPublic
    pseudonym: str | None = Field(description="None: her record is not open to you.")


class ReferralsQuery(Strict):
    """Which referrals: every filter optional; the two lists are paged each on its own."""

    status: Status | None = None
    service: Service | None = None
    sort: Literal["updated", "referred_latest", "referred_earliest"] = "updated"
    made_page: int = Field(default=1, ge=1, le=LAST_PAGE, description="Page of those made.")
    received_page: int = Field(default=1, ge=1, le=LAST_PAGE, description="Page of those received.")
    waiting: bool = Field(
        default=False,
        description="Only those waiting: received and not answered, made and answered "
        "but not yet noted.",
    )


class PagePublic(BaseModel):
    """Where a page sits in its list: a number past the end gives the last page."""

    number: int
    size: int
    total: int
    pages: int


class ReferralsPublic(BaseModel):
    made: list[ListedReferral]
    received: list[ListedReferral]
    made_page: PagePublic
    received_page: PagePublic
