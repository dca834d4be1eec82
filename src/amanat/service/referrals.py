"""The receiving organisation's side of a referral: it says whether it took the
victim in, and when the help is done.

A referral is an assistance entry of the victim record, which belongs to the
organisation that registered the victim; only its status may be changed by the
provider it names, and only to what a provider can say.  The provider need not see
the victim record, so the change is checked against the status the provider saw
(not the record's version), and a referral to someone else is not found.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from amanat.access import audit_store
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.errors import FieldProblem
from amanat.register import Assistance, Victim
from amanat.register.base import utcnow
from amanat.service.deps import Caller

PROVIDER_STATUSES = (
    "accepted",
    "in_progress",
    "completed",
    "refused_by_provider",
    "declined_by_victim",
)


def set_status(
    session: Session, caller: Caller, assistance_id: int, status: str, seen: str
) -> Assistance:
    """Set the status of a referral addressed to the caller's organisation; ``seen``
    is the status shown when the user chose (a different one now is a conflict)."""
    caller.require(Permission.update, f"referral {assistance_id}")
    row = session.get(Assistance, assistance_id)
    victim = session.get(Victim, row.victim_id) if row is not None else None
    if row is None or victim is None or victim.deleted_at is not None:
        raise NotFound(f"referral {assistance_id} not found")
    if row.provider_org_id != caller.viewer.org_id:
        raise NotFound(f"referral {assistance_id} not found")
    if status not in PROVIDER_STATUSES:
        raise FieldProblem(("status",), "is not a status a provider can set", status)
    if row.status != seen:
        raise StaleDataError(f"referral {assistance_id} is now {row.status}")
    row.status = status
    if status == "completed" and row.completed_on is None:
        row.completed_on = dt.date.today()
    # The victim record changed: its version moves on, so an edit the owner has open
    # is told rather than overwriting the provider's answer.
    victim.updated_at = utcnow()
    session.flush()
    audit_store.append(
        session,
        "referral_status",
        user_id=caller.viewer.user_id,
        org_id=caller.viewer.org_id,
        target_kind="victim",
        target_id=victim.id,
        detail={"owner_org_id": victim.org_id, "assistance": row.id, "status": status},
    )
    return row
