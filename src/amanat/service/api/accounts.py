"""Organisations (every user reads the directory; the system operator keeps it), the
users of the administrator's own organisation, requests for roles that read records
(decided by the organisation's approver), and API tokens.

Administrators manage accounts but read no records: nothing here shows any.  Tokens
are made by their own users in the web app (Account page) or by the operator on the
command line, never through the API.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from amanat.actions import accounts, records, tokens
from amanat.actions.door import binds
from amanat.register import Organisation
from amanat.service.api.answers import READ, WRITE, errors
from amanat.service.deps import ApiDoor, committed
from amanat.service.schemas.accounts import (
    RoleDecision,
    RoleRequestPublic,
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


@router.get("/organisations", response_model=page_schema(Organisation), responses=READ)
@binds(records.list_organisations)
def organisations(
    door: ApiDoor,
    cursor: Annotated[ShortText | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 200,
) -> Any:
    page = records.list_organisations(door, cursor, limit)
    answer = {"items": publish(door.session, page.items), "next_cursor": page.next_cursor}
    return committed(door, answer)


@router.get("/organisations/{org_id}", response_model=OrganisationPublic, responses=READ)
@binds(records.get_organisation)
def organisation(door: ApiDoor, org_id: ObjectId) -> Any:
    return committed(door, publish_one(door.session, records.get_organisation(door, org_id)))


@router.get("/users", response_model=list[UserPublic], responses=ADMIN)
@binds(accounts.list_users)
def users(door: ApiDoor) -> list[UserPublic]:
    """The users of your organisation (administrators)."""
    answer = [UserPublic.model_validate(user) for user, _ in accounts.list_users(door)]
    return committed(door, answer)


@router.post("/users", response_model=UserPublic, status_code=201, responses=WRITE)
@binds(accounts.add_user)
def add_user(door: ApiDoor, body: UserCreate) -> UserPublic:
    """A user of your organisation (administrators).  Its role waits
    for your organisation's approver: until then the account cannot sign in
    (``role_approved`` is false)."""
    added = accounts.add_user(
        door, body.username, body.display_name, body.role, body.password, body.language
    )
    return committed(door, UserPublic.model_validate(added.user))


@router.patch("/users/{user_id}", response_model=UserPublic, responses=WRITE)
@binds(accounts.change_user)
def change_user(door: ApiDoor, user_id: ObjectId, body: UserUpdate) -> UserPublic:
    """Rename, disable or enable a user of your organisation, or change its role
    (never your own; a new role waits for your organisation's approver).  Disabling
    or a change of role ends the account's sessions and tokens."""
    given = body.model_dump(exclude_unset=True, exclude_none=True)
    role = given.get("role")
    changed = accounts.change_user(
        door,
        user_id,
        display_name=given.get("display_name"),
        role=role.value if role is not None else None,
        is_active=given.get("is_active"),
    )
    return committed(door, UserPublic.model_validate(changed.user))


@router.get("/role-requests", response_model=list[RoleRequestPublic], responses=READ)
@binds(accounts.role_requests_to_decide)
def role_requests(door: ApiDoor) -> list[RoleRequestPublic]:
    """Requests for a role that you may decide (your
    organisation's designated approver; never your own)."""
    found = accounts.role_requests_to_decide(door)
    return committed(door, [RoleRequestPublic.model_validate(r) for r, _ in found])


@router.post(
    "/role-requests/{request_id}/decision", response_model=RoleRequestPublic, responses=WRITE
)
@binds(accounts.decide_role_request)
def decide_role_request(
    door: ApiDoor, request_id: ObjectId, body: RoleDecision
) -> RoleRequestPublic:
    """Approve (the role is in force at once, and the account's sessions and tokens
    end) or reject."""
    request = accounts.decide_role_request(door, request_id, body.approve, body.note)
    return committed(door, RoleRequestPublic.model_validate(request))


@router.get("/users/{user_id}/tokens", response_model=list[TokenPublic], responses=READ)
@binds(tokens.tokens_of)
def user_tokens(door: ApiDoor, user_id: ObjectId) -> list[TokenPublic]:
    """The tokens of a user of your organisation (administrators), never their secrets."""
    answer = [TokenPublic.model_validate(row) for row, _ in tokens.tokens_of(door, user_id)]
    return committed(door, answer)


@router.get("/me/tokens", response_model=list[TokenPublic], responses=READ)
@binds(tokens.own_tokens)
def own_tokens(door: ApiDoor) -> list[TokenPublic]:
    """Your own tokens, never their secrets (make one on the web app's Account page)."""
    return committed(door, [TokenPublic.model_validate(row) for row in tokens.own_tokens(door)])


@router.delete("/tokens/{token_id}", status_code=204, responses=WRITE)
@binds(tokens.revoke_token)
def revoke_token(door: ApiDoor, token_id: ObjectId) -> Response:
    """Revoke one of your own tokens, or (administrators) a token of a user of your
    organisation; it stops working at once."""
    tokens.revoke_token(door, token_id)
    return committed(door, Response(status_code=204))
