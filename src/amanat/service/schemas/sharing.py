"""Bodies of sharing: distribution, share requests and emergency reads."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from amanat.service.schemas.common import RecordKind
from amanat.service.schemas.fields import (
    NUL_FREE,
    Code,
    Distribution,
    Name,
    Reason,
    RecordId,
    Version,
)
from amanat.service.schemas.records import Strict


class DistributionChange(Strict):
    distribution: Distribution
    group: Name | None = Field(
        default=None, description="The sharing group's name, for distribution 'group'."
    )
    version: Version | None = Field(
        default=None, description="If given, the change is refused (409) on another version."
    )


class ShareRequestCreate(Strict):
    kind: RecordKind
    record_id: RecordId
    target: Code = Field(description="Code of the organisation the record should reach.")
    reason: Reason


class ShareDecision(Strict):
    approve: bool
    note: Reason | None = None


class ShareRequestPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    record_kind: str
    record_id: int
    owner_org_id: int
    requested_by_user_id: int
    requesting_org_id: int
    target_org_id: int | None
    target_group_id: int | None
    reason: str
    status: str
    requested_at: dt.datetime
    decided_by_user_id: int | None
    decided_at: dt.datetime | None
    decision_note: str | None


class BreakGlassCreate(Strict):
    kind: RecordKind
    record_id: RecordId
    reason: Annotated[str, Field(min_length=20, max_length=2000), NUL_FREE] = Field(
        description="The emergency, in 20 characters or more; the record's organisation "
        "(or an oversight body's auditor) decides."
    )


class BreakGlassApproval(Strict):
    hours: int = Field(default=4, ge=1, le=24, description="How long the grant lasts.")


class BreakGlassPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    record_kind: str
    record_id: int
    reason: str
    requested_at: dt.datetime
    approved_by_user_id: int | None
    approved_at: dt.datetime | None
    expires_at: dt.datetime | None
    denied_at: dt.datetime | None
