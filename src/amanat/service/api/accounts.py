"""Organisations (every user reads the directory; administrators register them), and
users and API tokens of the administrator's own organisation.

Administrators manage accounts but read no records: nothing here shows any.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access import accounts, audit_store
from amanat.access.models import ApiToken, User
from amanat.access.roles import Action
from amanat.access.sharing import NotFound
from amanat.register import Organisation
from amanat.service import records
from amanat.service.api.answers import READ, WRITE, errors
from amanat.service.deps import ApiCaller, ApiSessionDep, Caller, committed
from amanat.service.schemas.accounts import (
    OrganisationCreate,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from amanat.service.schemas.fields import ShortText
from amanat.service.schemas.public import publish, publish_one
from amanat.service.schemas.records import page_schema, public_schema

router = APIRouter(tags=["Accounts"])
ObjectId = Annotated[int, Path(ge=1, le=2**63 - 1)]
OrganisationPublic: Any = public_schema(Organisation)
ADMIN = errors(401, 403)


def _note(session: Session, caller: Caller, action: str, kind: str, target: int) -> None:
    audit_store.append(
        session,
        action,
        user_id=caller.viewer.user_id,
        org_id=caller.viewer.org_id,
        target_kind=kind,
        target_id=target,
    )


@router.get("/organisations", response_model=page_schema(Organisation), responses=READ)
def organisations(
    session: ApiSessionDep,
    caller: ApiCaller,
    cursor: Annotated[ShortText | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 200,
) -> Any:
    page = records.list_records(session, caller, "organisation", {}, cursor, limit)
    answer = {"items": publish(session, page.items), "next_cursor": page.next_cursor}
    return committed(session, answer)


@router.get("/organisations/{org_id}", response_model=OrganisationPublic, responses=READ)
def organisation(session: ApiSessionDep, caller: ApiCaller, org_id: ObjectId) -> Any:
    answer = publish_one(session, records.get_record(session, caller, "organisation", org_id))
    return committed(session, answer)


@router.post("/organisations", response_model=OrganisationPublic, status_code=201, responses=WRITE)
def add_organisation(session: ApiSessionDep, caller: ApiCaller, body: OrganisationCreate) -> Any:
    """Register an organisation (administrators)."""
    caller.require(Action.administer, "organisations")
    org = accounts.add_organisation(
        session,
        body.code,
        body.name,
        str(body.kind),
        str(body.country) if body.country else None,
        body.parent_code,
    )
    _note(session, caller, "organisation_added", "organisation", org.id)
    answer = publish_one(session, org)
    return committed(session, answer)


def _own_user(session: Session, caller: Caller, user_id: int) -> User:
    caller.require(Action.administer, "users")
    user = session.get(User, user_id)
    if user is None or user.org_id != caller.viewer.org_id:
        raise NotFound(f"user {user_id} not found")
    return user


@router.get("/users", response_model=list[UserPublic], responses=ADMIN)
def users(session: ApiSessionDep, caller: ApiCaller) -> list[UserPublic]:
    """The users of your organisation (administrators)."""
    caller.require(Action.administer, "users")
    query = select(User).where(User.org_id == caller.viewer.org_id).order_by(User.id)
    answer = [UserPublic.model_validate(user) for user in session.scalars(query)]
    return committed(session, answer)


@router.post("/users", response_model=UserPublic, status_code=201, responses=WRITE)
def add_user(session: ApiSessionDep, caller: ApiCaller, body: UserCreate) -> UserPublic:
    """A user of your organisation (administrators)."""
    caller.require(Action.administer, "users")
    org = session.get(Organisation, caller.viewer.org_id)
    assert org is not None
    user = accounts.add_user(
        session, org.code, body.username, body.display_name, body.role, body.password, body.language
    )
    _note(session, caller, "user_added", "user", user.id)
    answer = UserPublic.model_validate(user)
    return committed(session, answer)


@router.patch("/users/{user_id}", response_model=UserPublic, responses=WRITE)
def change_user(
    session: ApiSessionDep, caller: ApiCaller, user_id: ObjectId, body: UserUpdate
) -> UserPublic:
    """Rename, change the role of, or disable a user of your organisation."""
    user = _own_user(session, caller, user_id)
    for field, value in body.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(user, field, value.value if field == "role" else value)
    _note(session, caller, "user_changed", "user", user.id)
    answer = UserPublic.model_validate(user)
    return committed(session, answer)


@router.get("/users/{user_id}/tokens", response_model=list[TokenPublic], responses=READ)
def tokens(session: ApiSessionDep, caller: ApiCaller, user_id: ObjectId) -> list[TokenPublic]:
    user = _own_user(session, caller, user_id)
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    answer = [TokenPublic.model_validate(row) for row in session.scalars(query)]
    return committed(session, answer)


@router.post(
    "/users/{user_id}/tokens", response_model=TokenCreated, status_code=201, responses=WRITE
)
def add_token(
    session: ApiSessionDep, caller: ApiCaller, user_id: ObjectId, body: TokenCreate
) -> TokenCreated:
    """A new API token for a user of your organisation; the token is shown only here."""
    user = _own_user(session, caller, user_id)
    row, token = accounts.create_token(
        session, user.username, body.name, dt.timedelta(days=body.days), body.read_only
    )
    _note(session, caller, "token_created", "user", user.id)
    answer = TokenCreated(**TokenPublic.model_validate(row).model_dump(), token=token)
    return committed(session, answer)


@router.delete("/tokens/{token_id}", status_code=204, responses=WRITE)
def revoke_token(session: ApiSessionDep, caller: ApiCaller, token_id: ObjectId) -> Response:
    """Revoke a token of a user of your organisation."""
    row = session.get(ApiToken, token_id)
    if row is None:
        caller.require(Action.administer, "tokens")
        raise NotFound(f"token {token_id} not found")
    _own_user(session, caller, row.user_id)
    accounts.revoke_token(session, token_id)
    _note(session, caller, "token_revoked", "user", row.user_id)
    answer = Response(status_code=204)
    return committed(session, answer)
