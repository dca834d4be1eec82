"""Bodies shared by several routers."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias

from pydantic import BaseModel, Field

from amanat.actions.records.kinds import RECORD_API_KINDS
from amanat.service.schemas.fields import (
    Credibility,
    HandlingCode,
    Reason,
    Reliability,
    SourceKind,
    Tlp,
    Version,
)
from amanat.service.schemas.records import Strict

if TYPE_CHECKING:
    RecordKind: TypeAlias = str
else:
    RecordKind = StrEnum("RecordKind", {kind.name: kind.name for kind in RECORD_API_KINDS})


class DeleteRequest(Strict):
    reason: Reason = Field(description="Why the record is deleted; kept with it.")
    version: Version = Field(description="The version being deleted.")


class Markings(Strict):
    """Defaults for the records of a submission that do not set their own."""

    tlp: Tlp | None = None
    handling: HandlingCode | None = None
    reliability: Reliability | None = None
    credibility: Credibility | None = None
    source_kind: SourceKind | None = None


class Submission(Strict):
    """Records asserted together, written all or nothing.  ``ref`` names a record
    inside the submission and ``"@ref"`` in any ``*_id`` field points at it."""

    records: list[dict[str, Any]] = Field(min_length=1, max_length=500)
    defaults: Markings | None = None


class Created(BaseModel):
    ids: dict[str, int] = Field(description='ref -> id; records without a ref as "#<index>"')


class LinkList(BaseModel):
    kind: str
    items: list[dict[str, Any]] = Field(description="Public records of that kind.")


class Links(BaseModel):
    kind: str
    id: int
    links: dict[str, LinkList]
