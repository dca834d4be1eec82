"""Who ran an analysis, and what left the system: every analysis and every export
is an entry in the tamper-evident audit trail.

An analysis reads aggregates over many records, so it is audited once, with its
scope and the number of rows it returned, not record by record.  Files written
from it (CSV, JSON, GraphML, FollowTheMoney, a report) are ``export`` entries with
their row count, which the bulk-export alert rule watches.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from amanat.access import audit_store
from amanat.access.models import User
from amanat.access.roles import Permission, Role, can
from amanat.access.visibility import Viewer
from amanat.analyze.scope import Scope
from amanat.store.engine import session_factory, transaction


class NotAllowed(PermissionError):
    """The user does not exist, is inactive, or their role may not do this."""


def viewer_for(engine: Engine, username: str, action: Permission = Permission.read) -> Viewer:
    """The viewer acting as ``username``, who must be active and allowed ``action``."""
    with session_factory(engine)() as session:
        user = session.scalars(select(User).where(User.username == username)).first()
    if user is None or not user.is_active:
        raise NotAllowed(f"no active user {username!r}")
    if not can(user.role, action):
        raise NotAllowed(f"role {user.role!r} of {username!r} may not {action.value}")
    return Viewer(user.id, user.org_id, Role(user.role))


def append(
    session: Session,
    scope: Scope,
    action: str,
    what: str,
    rows: int,
    purpose: str | None = None,
) -> None:
    """The audit entry of ``record``, in a transaction the caller holds (a web
    request's own, so the entry commits or rolls back with the request)."""
    detail: dict[str, str | int | bool | None] = {
        "analysis": what,
        "rows": rows,
        **scope.describe(),
    }
    audit_store.append(
        session,
        action,
        user_id=scope.viewer.user_id,
        org_id=scope.viewer.org_id,
        target_kind="analysis",
        target_id=what,
        purpose=purpose,
        detail=detail,
    )


def record(
    engine: Engine, scope: Scope, action: str, what: str, rows: int, purpose: str | None = None
) -> None:
    """One audit entry for an analysis (``analyze``) or an export (``export``)."""
    with transaction(engine) as session:
        append(session, scope, action, what, rows, purpose)
