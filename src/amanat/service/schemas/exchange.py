"""Bodies of the import and export routes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal, TypeAlias

from pydantic import BaseModel, Field

from amanat.exchange.export import ExportFormat
from amanat.service.schemas.fields import (
    Credibility,
    Distribution,
    HandlingCode,
    Name,
    Reliability,
    SourceKind,
    Tlp,
    vocabulary_enum,
)
from amanat.service.schemas.records import Strict

# Amanat's languages (``amanat.language.i18n.LANGUAGES``; a test keeps them one).
Language = Literal["en", "ru", "kk", "ky", "uz", "tg"]
if TYPE_CHECKING:
    ConsentPurpose: TypeAlias = str
else:
    ConsentPurpose = vocabulary_enum("consent_purpose")


class StagedUpload(BaseModel):
    upload: str = Field(description="The upload's token, for preview, confirm and discard.")
    file: str
    size: int
    expires_at: dt.datetime
    suggested_profile: str = Field(
        description="A draft profile (YAML) guessed from the file; empty when none could "
        "be guessed. Check every line before importing."
    )


class ImportChoice(Strict):
    """How to read the uploaded file, and the marking every imported record gets (the
    profile's, where a field is not given here)."""

    profile: str = Field(
        min_length=1,
        max_length=200_000,
        description="A built-in profile by name (`ftm`), or a mapping profile as YAML "
        "(see docs/intake.md).",
    )
    lang: Language | None = Field(None, description="Language of the error reasons.")
    tlp: Tlp | None = None
    handling: HandlingCode | None = None
    reliability: Reliability | None = None
    credibility: Credibility | None = None
    source_kind: SourceKind | None = None
    distribution: Distribution | None = None
    group: Name | None = Field(None, description="The sharing group, for distribution group.")


class KindCounts(BaseModel):
    created: int
    updated: int
    sealed: int


class Sample(BaseModel):
    kind: str
    row: int
    id: str | None
    fields: dict[str, str]
    identity: str | None = Field(description='"sealed" where the row has a protected identity.')


class ImportSummary(BaseModel):
    file: str
    format: str
    organisation: str
    dry_run: bool
    written: bool
    rows: int
    skipped: int
    counts: dict[str, KindCounts]
    samples: list[Sample] = Field(default_factory=list)


class ExportChoice(Strict):
    format: ExportFormat
    lang: Language = "en"
    k: int = Field(
        11, ge=2, le=1000, description="CTDC: at least k rows share any quasi-identifiers."
    )
    identities_for: ConsentPurpose | None = Field(
        None,
        description="Include victims' identities for this consent purpose, where your "
        "organisation owns the record and the victim consented (case workers only).",
    )
