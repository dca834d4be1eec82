"""Liveness and the caller's own identity."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from amanat.actions import public, signing_in
from amanat.actions.actor import ANONYMOUS
from amanat.actions.door import binds
from amanat.service.deps import ApiDoor, SessionDep, door_context

router = APIRouter(tags=["service"])


class Health(BaseModel):
    status: str
    version: str


class Me(BaseModel):
    username: str
    display_name: str
    organisation_id: int
    role: str
    language: str
    read_only: bool


@router.get("/health", response_model=Health)
@binds(public.health)
def health(request: Request, session: SessionDep) -> Health:
    version = public.health(door_context(request, session, ANONYMOUS))
    return Health(status="ok", version=version)


@router.get("/me", response_model=Me)
@binds(signing_in.own_account)
def me(door: ApiDoor) -> Me:
    user = signing_in.own_account(door)
    return Me(
        username=user.username,
        display_name=user.display_name,
        organisation_id=user.org_id,
        role=user.role,
        language=user.language,
        read_only=door.actor.read_only,
    )
