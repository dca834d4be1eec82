"""Bodies of people search and of identities revealed by the vault."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class PersonHitPublic(BaseModel):
    person_id: int
    display_name: str
    score: float = Field(description="Name agreement in [0, 1].")
    reasons: list[str] = Field(description="Why the name agrees or not, part by part.")
    org_id: int
    match_probability: float | None = Field(
        default=None,
        description="The register's linkage model's probability on the name (and the "
        "date of birth when given), which orders the hits; null without a stored model "
        "or with a single hit.",
    )
    model_version: str | None = None
    birth_date: str | None = Field(
        default=None, description="The date of birth as recorded (YYYY, YYYY-MM or YYYY-MM-DD)."
    )


class IdentityBody(BaseModel):
    names: list[dict[str, Any]]
    birth_year: int | None
    birth_month: int | None
    birth_day: int | None
    citizenships: list[str]
    documents: list[dict[str, Any]]
    phones: list[str]
    addresses: list[dict[str, Any]]


class IdentityPublic(BaseModel):
    person_id: int
    pseudonym: str
    revealed: bool = Field(description="False: you see the pseudonym only.")
    identity: IdentityBody | None
