"""Emergency ("break-glass") reads: asked by one person, decided by another, limited
in time.

Who decides: an approver of the record's own organisation (a role with ``approve``),
or an auditor of an oversight body the deployment names — never anyone of the
asker's organisation, and never the asker.  Approvers see only the requests they may
decide, so nobody reads every organisation's emergencies and their reasons.

Asking about a record one cannot see is answered exactly as asking about one that
does not exist: both are filed (nobody but an oversight auditor can decide a request
for a missing record, and they will find nothing to grant), so the answer says
nothing about what exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from amanat.access.models import BreakGlass, User
from amanat.access.roles import Permission, Role, can
from amanat.access.sharing import NotFound, shareable_model
from amanat.access.visibility import Viewer
from amanat.language.i18n import N_
from amanat.register import InvalidValue
from amanat.register.base import utcnow

MAX_DURATION = dt.timedelta(hours=24)
DEFAULT_DURATION = dt.timedelta(hours=4)
MIN_REASON = 20


def request_break_glass(
    session: Session, viewer: Viewer, kind: str, record_id: int, reason: str
) -> BreakGlass:
    model = shareable_model(kind)
    if len(reason.strip()) < MIN_REASON:
        raise InvalidValue(
            "reason", reason, N_("must explain the emergency (20 characters or more)")
        )
    # Who will decide: the record's organisation; nobody for a missing one.  The
    # asker learns nothing of it until a decision.
    owner = session.scalar(
        select(model.org_id).where(model.id == record_id, model.deleted_at.is_(None))
    )
    grant = BreakGlass(
        user_id=viewer.user_id,
        record_kind=kind,
        record_id=record_id,
        reason=reason.strip(),
        owner_org_id=owner,
    )
    session.add(grant)
    session.flush()
    return grant


def pending() -> ColumnElement[bool]:
    return and_(BreakGlass.approved_at.is_(None), BreakGlass.denied_at.is_(None))


def decidable(approver: Viewer, oversight_org_ids: frozenset[int]) -> ColumnElement[bool]:
    """A WHERE clause: the requests ``approver`` may decide (pending or not)."""
    if not can(approver.role, Permission.approve):
        return false()
    askers_org = select(User.org_id).where(User.id == BreakGlass.user_id).scalar_subquery()
    ways: list[ColumnElement[bool]] = [
        and_(BreakGlass.owner_org_id == approver.org_id, askers_org != approver.org_id)
    ]
    if approver.role == Role.auditor and approver.org_id in oversight_org_ids:
        ways.append(askers_org != approver.org_id)
    return and_(BreakGlass.user_id != approver.user_id, or_(*ways))


def _decidable_grant(
    session: Session, approver: Viewer, oversight_org_ids: frozenset[int], grant_id: int
) -> BreakGlass:
    grant = session.scalar(
        select(BreakGlass).where(
            BreakGlass.id == grant_id, pending(), decidable(approver, oversight_org_ids)
        )
    )
    if grant is None:
        raise NotFound(N_("emergency read request %(grant_id)s not found"), grant_id=grant_id)
    return grant


def approve_break_glass(
    session: Session,
    approver: Viewer,
    grant_id: int,
    duration: dt.timedelta = DEFAULT_DURATION,
    now: dt.datetime | None = None,
    *,
    oversight_org_ids: frozenset[int] = frozenset(),
) -> BreakGlass:
    grant = _decidable_grant(session, approver, oversight_org_ids, grant_id)
    if not dt.timedelta(0) < duration <= MAX_DURATION:
        raise InvalidValue(
            "duration",
            str(duration),
            N_("must be at most %(most)s"),
            most=MAX_DURATION,
        )
    now = now or utcnow()
    grant.approved_by_user_id = approver.user_id
    grant.approved_at = now
    grant.expires_at = now + duration
    return grant


def deny_break_glass(
    session: Session,
    approver: Viewer,
    grant_id: int,
    *,
    oversight_org_ids: frozenset[int] = frozenset(),
) -> BreakGlass:
    grant = _decidable_grant(session, approver, oversight_org_ids, grant_id)
    grant.denied_by_user_id, grant.denied_at = approver.user_id, utcnow()
    return grant


def requests_to_decide(
    session: Session, approver: Viewer, oversight_org_ids: frozenset[int], limit: int = 200
) -> list[Any]:
    query = (
        select(BreakGlass)
        .where(pending(), decidable(approver, oversight_org_ids))
        .order_by(BreakGlass.id)
        .limit(limit)
    )
    return list(session.scalars(query))
