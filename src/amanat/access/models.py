"""Tables of the access layer: users, API tokens, explicit grants and
requests to share more widely (originator control)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from amanat.register.base import Base, BigId, id_column, utcnow


def _when(nullable: bool = True) -> Mapped[dt.datetime | None]:
    return mapped_column(DateTime(timezone=True), nullable=nullable)


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = mapped_column(BigId, ForeignKey("organisation.id"), index=True)
    username: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(40), nullable=False)
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="en")
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # A TOTP secret, when the user enrolled a second factor.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last TOTP time step accepted: a code is good once (``accounts.authenticate``).
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    is_active: Mapped[bool] = mapped_column(default=True, nullable=False)
    # Whether the role is in force: a role that reads records, asked for by an
    # administrator, waits for the approver (``access.role_requests``).
    role_approved: Mapped[bool] = mapped_column(default=True, nullable=False)
    # The organisation's designated approver of accounts (set by the system operator).
    approves_accounts: Mapped[bool] = mapped_column(default=False, nullable=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    locked_until: Mapped[dt.datetime | None] = _when()
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    last_login_at: Mapped[dt.datetime | None] = _when()


class ApiToken(Base):
    """A token for API clients; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = id_column()
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    read_only: Mapped[bool] = mapped_column(default=False, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    revoked_at: Mapped[dt.datetime | None] = _when()
    last_used_at: Mapped[dt.datetime | None] = _when()

    user: Mapped[User] = relationship()


class RecordShare(Base):
    """A record shared with a named organisation (``distribution='named'``, or an
    approved request to share beyond the marking)."""

    __tablename__ = "record_share"
    __table_args__ = (
        UniqueConstraint("record_kind", "record_id", "org_id", name="uq_record_share"),
        Index("ix_record_share_org_kind", "org_id", "record_kind", "record_id"),
    )

    id: Mapped[int] = id_column()
    record_kind: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[int] = mapped_column(BigId, nullable=False)
    org_id: Mapped[int] = mapped_column(BigId, ForeignKey("organisation.id"), nullable=False)
    granted_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    granted_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))


class ShareRequest(Base):
    """A request to share a record more widely than its marking allows.

    The originator (the record's owner organisation) approves or rejects; both
    sides see the request and its outcome.
    """

    __tablename__ = "share_request"

    id: Mapped[int] = id_column()
    record_kind: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[int] = mapped_column(BigId, nullable=False)
    owner_org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisation.id"), nullable=False, index=True
    )
    requested_by_user_id: Mapped[int] = mapped_column(BigId, ForeignKey("user_account.id"))
    requesting_org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisation.id"), nullable=False, index=True
    )
    # Whom to share with: an organisation, or a sharing group.
    target_org_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("organisation.id"))
    target_group_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("sharing_group.id"))
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    requested_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    decided_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime | None] = _when()
    decision_note: Mapped[str | None] = mapped_column(Text)


class BreakGlass(Base):
    """An emergency read of one record by one user, outside the usual rule.

    It needs a second person to approve: one of the record's own organisation, or an
    auditor of an oversight body — never the asker's organisation; it lasts a
    limited time; and every read under it stands out in the audit trail.
    """

    __tablename__ = "break_glass"

    id: Mapped[int] = id_column()
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("user_account.id"), index=True)
    record_kind: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[int] = mapped_column(BigId, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    requested_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    # The record's organisation when asked (none: no such record), whose approvers decide.
    owner_org_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("organisation.id"))
    approved_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))
    approved_at: Mapped[dt.datetime | None] = _when()
    expires_at: Mapped[dt.datetime | None] = _when()
    denied_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))
    denied_at: Mapped[dt.datetime | None] = _when()
