"""Emergency ("break-glass") reads: asked by one person, approved by another from a
different organisation, limited in time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from amanat.access.models import BreakGlass, User
from amanat.access.roles import Action, require
from amanat.access.sharing import NotFound, shareable_model
from amanat.access.visibility import Viewer
from amanat.register import InvalidValue
from amanat.register.base import utcnow

MAX_DURATION = dt.timedelta(hours=24)
DEFAULT_DURATION = dt.timedelta(hours=4)


def request_break_glass(
    session: Session, viewer: Viewer, kind: str, record_id: int, reason: str
) -> BreakGlass:
    model = shareable_model(kind)
    if len(reason.strip()) < 20:
        raise InvalidValue("reason", reason, "must explain the emergency (20 characters or more)")
    # The record must exist, but the requester learns nothing about it until approval.
    if session.get(model, record_id) is None:
        raise NotFound(f"{kind} {record_id} not found")
    grant = BreakGlass(
        user_id=viewer.user_id, record_kind=kind, record_id=record_id, reason=reason.strip()
    )
    session.add(grant)
    session.flush()
    return grant


def approve_break_glass(
    session: Session,
    approver: Viewer,
    grant_id: int,
    duration: dt.timedelta = DEFAULT_DURATION,
    now: dt.datetime | None = None,
) -> BreakGlass:
    require(approver.role, Action.approve, "emergency reads")
    grant = session.get(BreakGlass, grant_id)
    if grant is None or grant.approved_at is not None:
        raise NotFound(f"emergency read request {grant_id} not found")
    requester = session.get(User, grant.user_id)
    if requester is None or requester.org_id == approver.org_id:
        raise PermissionError(
            "permission denied: an emergency read is approved by someone from another organisation"
        )
    if not dt.timedelta(0) < duration <= MAX_DURATION:
        raise InvalidValue("duration", str(duration), f"must be at most {MAX_DURATION}")
    now = now or utcnow()
    grant.approved_by_user_id = approver.user_id
    grant.approved_at = now
    grant.expires_at = now + duration
    return grant
