"""Four eyes on roles: an administrator asks, the organisation's designated approver
decides.

Administrators manage accounts and never read records.  An administrator who could
give any account — a colleague's, or one just made — a role that reads records could
read through it; one who could make an auditor could read the whole trail, and at an
oversight body decide emergency reads.  So giving an account a role, at its creation
or later, is only a request until a second person approves it: a user of the same
organisation designated as its account approver (``User.approves_accounts``, set by
the system operator), never the one who asked and never for their own account.

Until approved, the account's role is not in force: a new account cannot sign in,
and an existing one keeps its old role.  Approving a change of role ends every
session and token of the account (``accounts.end_credentials``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from amanat.access.models import User
from amanat.access.roles import Role
from amanat.access.sharing import NotFound
from amanat.language.i18n import N_
from amanat.register import InvalidValue
from amanat.register.base import Base, BigId, id_column, utcnow

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


class RoleRequest(Base):
    __tablename__ = "role_request"

    id: Mapped[int] = id_column()
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )
    # The account's organisation, whose approver decides.
    org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisation.id"), index=True, nullable=False
    )
    role: Mapped[str] = mapped_column(String(40), nullable=False)
    # Asked with the account's creation: approving it also opens the account.
    new_account: Mapped[bool] = mapped_column(default=False, nullable=False)
    requested_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))
    requested_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    status: Mapped[str] = mapped_column(String(20), default=PENDING, nullable=False)
    decided_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)


def ask(
    session: Session, user: User, role: Role, requested_by: User, *, new_account: bool
) -> RoleRequest:
    """File a request to give ``user`` the ``role``; one pending request per account
    (a newer request replaces the older)."""
    for older in session.scalars(
        select(RoleRequest).where(RoleRequest.user_id == user.id, RoleRequest.status == PENDING)
    ):
        older.status, older.decided_at, older.note = (
            REJECTED,
            utcnow(),
            "replaced by a newer request",
        )
    request = RoleRequest(
        user_id=user.id,
        org_id=user.org_id,
        role=role.value,
        new_account=new_account,
        requested_by_user_id=requested_by.id,
    )
    session.add(request)
    session.flush()
    return request


def decidable(approver: User) -> object:
    """A WHERE clause: the pending requests ``approver`` may decide."""
    return (
        (RoleRequest.status == PENDING)
        & (RoleRequest.org_id == approver.org_id)
        & (RoleRequest.user_id != approver.id)
        & (RoleRequest.requested_by_user_id.is_distinct_from(approver.id))
    )


def pending_for(session: Session, approver: User) -> list[RoleRequest]:
    if not approver.approves_accounts:
        return []
    query = select(RoleRequest).where(decidable(approver)).order_by(RoleRequest.id)  # type: ignore[arg-type]
    return list(session.scalars(query))


def decide(
    session: Session, approver: User, request_id: int, approve: bool, note: str | None
) -> tuple[RoleRequest, User]:
    """Approve or reject; a request the approver may not decide is not found, one
    decided already is refused as such."""
    request = session.get(RoleRequest, request_id)
    if (
        request is None
        or not approver.approves_accounts
        or request.org_id != approver.org_id
        or approver.id in (request.user_id, request.requested_by_user_id)
    ):
        raise NotFound(N_("role request %(request_id)s not found"), request_id=request_id)
    if request.status != PENDING:
        raise InvalidValue("status", request.status, N_("is already decided"))
    user = session.get(User, request.user_id)
    if user is None:
        raise NotFound(N_("role request %(request_id)s not found"), request_id=request_id)
    if note is not None and len(note) > 2000:
        raise InvalidValue("note", note[:40], N_("is longer than 2000 characters"))
    request.status = APPROVED if approve else REJECTED
    request.decided_by_user_id, request.decided_at, request.note = approver.id, utcnow(), note
    if approve:
        user.role, user.role_approved = request.role, True
        if request.new_account:
            user.is_active = True
    return request, user
