"""Liveness and the caller's own identity."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from amanat import __version__
from amanat.service.deps import CurrentCaller, SessionDep

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
def health(session: SessionDep) -> Health:
    session.execute(text("SELECT 1"))
    return Health(status="ok", version=__version__)


@router.get("/me", response_model=Me)
def me(caller: CurrentCaller) -> Me:
    user = caller.user
    return Me(
        username=user.username,
        display_name=user.display_name,
        organisation_id=user.org_id,
        role=user.role,
        language=user.language,
        read_only=caller.read_only,
    )
