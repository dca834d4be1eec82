"""Bodies of organisations, users and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from amanat.access.accounts import LANGUAGES
from amanat.access.roles import Role
from amanat.service.schemas.fields import NUL_FREE, Name
from amanat.service.schemas.records import Strict


class UserCreate(Strict):
    username: str = Field(min_length=2, max_length=80, pattern=r"^[A-Za-z0-9_.@-]+$")
    display_name: Name
    role: Role
    password: Annotated[str, Field(min_length=12, max_length=200), NUL_FREE]
    language: str = Field(default="en", pattern=f"^({'|'.join(LANGUAGES)})$")


class UserUpdate(Strict):
    display_name: Name | None = None
    role: Role | None = None
    is_active: bool | None = None


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    org_id: int
    username: str
    display_name: str
    role: str
    language: str
    is_active: bool
    role_approved: bool = Field(
        description="False while a role that reads records waits for the approver."
    )
    approves_accounts: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None


class RoleRequestPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    role: str
    new_account: bool
    requested_by_user_id: int | None
    requested_at: dt.datetime
    status: str
    decided_at: dt.datetime | None


class RoleDecision(Strict):
    approve: bool
    note: Annotated[str, Field(max_length=2000), NUL_FREE] | None = None


class TokenCreate(Strict):
    name: Annotated[str, Field(min_length=1, max_length=120), NUL_FREE]
    days: int = Field(default=90, ge=1, le=365, description="Lifetime in days.")
    read_only: bool = False


class TokenPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    name: str
    read_only: bool
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None


class TokenCreated(TokenPublic):
    token: str = Field(description="Shown once; only its digest is kept.")
