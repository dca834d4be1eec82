"""Bodies of the audit trail and its alerts (auditors only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from amanat.service.schemas.fields import Code, ShortText
from amanat.service.schemas.records import Strict


class AuditQuery(Strict):
    user: int | None = Field(default=None, ge=1, le=2**63 - 1, description="Acting user id.")
    org: int | None = Field(default=None, ge=1, le=2**63 - 1, description="Acting org id.")
    action: Code | None = None
    kind: Code | None = Field(default=None, description="Kind of record acted on.")
    record: Code | None = Field(default=None, description="Id of the record.")
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    cursor: ShortText | None = None
    limit: int = Field(default=100, ge=1, le=1000)


class AuditEntryPublic(BaseModel):
    seq: int
    at: dt.datetime
    actor_user_id: int | None
    actor_org_id: int | None
    action: str
    target_kind: str | None
    target_id: str | None
    purpose: str | None
    detail: dict[str, Any]
    entry_hash: str


class AuditPage(BaseModel):
    items: list[AuditEntryPublic]
    next_cursor: str | None


class AlertQuery(Strict):
    since: dt.datetime | None = Field(default=None, description="Default: 7 days ago.")
    until: dt.datetime | None = None
    lang: str = Field(default="en", pattern="^(en|ru)$")


class AlertPublic(BaseModel):
    rule_id: str
    label: str
    severity: str
    at: dt.datetime
    user_id: int | None
    seqs: list[int]
    message: str
