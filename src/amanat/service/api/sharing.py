"""Share requests to the originator, their decisions, and emergency (break-glass) reads."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from amanat.access import audit_store, sharing
from amanat.access.break_glass import approve_break_glass, request_break_glass
from amanat.access.models import BreakGlass, User
from amanat.access.roles import Action, PermissionDenied, can
from amanat.service.api.answers import READ, WRITE
from amanat.service.deps import ApiCaller, ApiSessionDep, Caller, committed
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


def _audit(
    session: Session,
    caller: Caller,
    action: str,
    kind: str,
    record_id: int,
    **detail: str | int | bool | None,
) -> None:
    audit_store.append(
        session,
        action,
        user_id=caller.viewer.user_id,
        org_id=caller.viewer.org_id,
        target_kind=kind,
        target_id=record_id,
        detail=detail,
    )


@router.post("/share-requests", response_model=ShareRequestPublic, status_code=201, responses=WRITE)
def ask_to_share(
    session: ApiSessionDep, caller: ApiCaller, body: ShareRequestCreate
) -> ShareRequestPublic:
    """Ask a record's originator to let it reach another organisation."""
    caller.require(Action.share, f"{body.kind} {body.record_id}")
    request = sharing.request_share(
        session, caller.viewer, str(body.kind), body.record_id, body.target, body.reason
    )
    _audit(
        session, caller, "share_request", request.record_kind, request.record_id, request=request.id
    )
    answer = ShareRequestPublic.model_validate(request)
    return committed(session, answer)


@router.get("/share-requests", response_model=list[ShareRequestPublic], responses=READ)
def share_requests(session: ApiSessionDep, caller: ApiCaller) -> list[ShareRequestPublic]:
    """Requests your organisation made, and those it must decide, newest first."""
    answer = [
        ShareRequestPublic.model_validate(r) for r in sharing.requests_for(session, caller.viewer)
    ]
    return committed(session, answer)


@router.post(
    "/share-requests/{request_id}/decision", response_model=ShareRequestPublic, responses=WRITE
)
def decide(
    session: ApiSessionDep, caller: ApiCaller, request_id: ObjectId, body: ShareDecision
) -> ShareRequestPublic:
    """The originator approves (the record reaches the target at once) or rejects."""
    caller.require(Action.approve, "share requests")
    request = sharing.decide(session, caller.viewer, request_id, body.approve, body.note)
    _audit(
        session,
        caller,
        "share_decision",
        request.record_kind,
        request.record_id,
        request=request.id,
        approved=body.approve,
    )
    answer = ShareRequestPublic.model_validate(request)
    return committed(session, answer)


@router.post("/break-glass", response_model=BreakGlassPublic, status_code=201, responses=WRITE)
def ask_break_glass(
    session: ApiSessionDep, caller: ApiCaller, body: BreakGlassCreate
) -> BreakGlassPublic:
    """Ask for an emergency read of one record; someone from another organisation approves."""
    if caller.read_only:  # any role may ask (that is the point), but not a read-only token
        raise PermissionDenied(caller.viewer.role, Action.create, "(this API token is read-only)")
    grant = request_break_glass(session, caller.viewer, str(body.kind), body.record_id, body.reason)
    _audit(
        session, caller, "break_glass_request", grant.record_kind, grant.record_id, grant=grant.id
    )
    answer = BreakGlassPublic.model_validate(grant)
    return committed(session, answer)


@router.get("/break-glass", response_model=list[BreakGlassPublic], responses=READ)
def break_glass_requests(session: ApiSessionDep, caller: ApiCaller) -> list[BreakGlassPublic]:
    """Your own emergency requests; for approvers, also the pending ones of other
    organisations (which they may approve)."""
    own = BreakGlass.user_id == caller.viewer.user_id
    query = select(BreakGlass).where(own)
    if can(caller.viewer.role, Action.approve) and not caller.read_only:
        others = select(User.id).where(User.org_id != caller.viewer.org_id)
        pending = BreakGlass.approved_at.is_(None) & BreakGlass.user_id.in_(others)
        query = select(BreakGlass).where(or_(own, pending))
    rows = session.scalars(query.order_by(BreakGlass.id.desc()).limit(500))
    answer = [BreakGlassPublic.model_validate(row) for row in rows]
    return committed(session, answer)


@router.post("/break-glass/{grant_id}/approval", response_model=BreakGlassPublic, responses=WRITE)
def approve(
    session: ApiSessionDep, caller: ApiCaller, grant_id: ObjectId, body: BreakGlassApproval
) -> BreakGlassPublic:
    """Approve another organisation's emergency read for a few hours."""
    caller.require(Action.approve, "emergency reads")
    grant = approve_break_glass(session, caller.viewer, grant_id, dt.timedelta(hours=body.hours))
    _audit(
        session,
        caller,
        "break_glass_approve",
        grant.record_kind,
        grant.record_id,
        grant=grant.id,
        hours=body.hours,
    )
    answer = BreakGlassPublic.model_validate(grant)
    return committed(session, answer)
