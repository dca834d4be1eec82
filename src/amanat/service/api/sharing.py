"""Share requests to the originator, their decisions, and emergency (break-glass) reads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from amanat.actions import emergency, sharing
from amanat.actions.door import binds
from amanat.service.api.answers import READ, WRITE
from amanat.service.deps import ApiDoor, committed
from amanat.service.schemas.sharing import (
    BreakGlassApproval,
    BreakGlassCreate,
    BreakGlassPublic,
    ShareDecision,
    ShareRequestCreate,
    ShareRequestPublic,
)

router = APIRouter(tags=["Sharing"])
ObjectId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.post("/share-requests", response_model=ShareRequestPublic, status_code=201, responses=WRITE)
@binds(sharing.ask)
def ask_to_share(door: ApiDoor, body: ShareRequestCreate) -> ShareRequestPublic:
    """Ask a record's originator to let it reach another organisation."""
    request = sharing.ask(door, str(body.kind), body.record_id, body.target, body.reason)
    return committed(door, ShareRequestPublic.model_validate(request))


@router.get("/share-requests", response_model=list[ShareRequestPublic], responses=READ)
@binds(sharing.requests)
def share_requests(door: ApiDoor) -> list[ShareRequestPublic]:
    """Requests your organisation made, and those it must decide, newest first."""
    answer = [ShareRequestPublic.model_validate(r) for r in sharing.requests(door)]
    return committed(door, answer)


@router.post(
    "/share-requests/{request_id}/decision", response_model=ShareRequestPublic, responses=WRITE
)
@binds(sharing.decide)
def decide(door: ApiDoor, request_id: ObjectId, body: ShareDecision) -> ShareRequestPublic:
    """The originator approves (the record reaches the target at once) or rejects."""
    request = sharing.decide(door, request_id, body.approve, body.note)
    return committed(door, ShareRequestPublic.model_validate(request))


@router.post("/break-glass", response_model=BreakGlassPublic, status_code=201, responses=WRITE)
@binds(emergency.ask)
def ask_break_glass(door: ApiDoor, body: BreakGlassCreate) -> BreakGlassPublic:
    """Ask for an emergency read of one record.  The record's own organisation (or an
    oversight body's auditor) decides; the answer is the same whether or not the
    record exists."""
    grant = emergency.ask(door, str(body.kind), body.record_id, body.reason)
    return committed(door, BreakGlassPublic.model_validate(grant))


@router.get("/break-glass", response_model=list[BreakGlassPublic], responses=READ)
@binds(emergency.own_requests)
def break_glass_requests(door: ApiDoor) -> list[BreakGlassPublic]:
    """Your own emergency requests."""
    answer = [BreakGlassPublic.model_validate(row) for row in emergency.own_requests(door)]
    return committed(door, answer)


@router.get("/break-glass/to-decide", response_model=list[BreakGlassPublic], responses=READ)
@binds(emergency.to_decide)
def break_glass_to_decide(door: ApiDoor) -> list[BreakGlassPublic]:
    """The pending emergency requests you may decide."""
    waiting = emergency.to_decide(door)
    return committed(door, [BreakGlassPublic.model_validate(w.grant) for w in waiting])


@router.post("/break-glass/{grant_id}/approval", response_model=BreakGlassPublic, responses=WRITE)
@binds(emergency.approve)
def approve(door: ApiDoor, grant_id: ObjectId, body: BreakGlassApproval) -> BreakGlassPublic:
    """Approve an emergency read you may decide, for a few hours."""
    grant = emergency.approve(door, grant_id, body.hours)
    return committed(door, BreakGlassPublic.model_validate(grant))


@router.post("/break-glass/{grant_id}/denial", response_model=BreakGlassPublic, responses=WRITE)
@binds(emergency.deny)
def deny(door: ApiDoor, grant_id: ObjectId) -> BreakGlassPublic:
    """Refuse an emergency read you may decide."""
    grant = emergency.deny(door, grant_id)
    return committed(door, BreakGlassPublic.model_validate(grant))
