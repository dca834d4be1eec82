"""Sharing groups: organisations that share with each other, e.g. a cross-border task
force.  A record's distribution may name one, so the table is the register's; the
access layer manages membership (``access.groups``) and reads it in the visibility
rule."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from amanat.register.base import Base, BigId, id_column, utcnow


class SharingGroup(Base):
    """Organisations that share with each other, e.g. a cross-border task force."""

    __tablename__ = "sharing_group"

    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    owner_org_id: Mapped[int] = mapped_column(BigId, ForeignKey("organisation.id"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )


class SharingGroupMember(Base):
    __tablename__ = "sharing_group_member"
    __table_args__ = (UniqueConstraint("group_id", "org_id", name="uq_sharing_group_member"),)

    id: Mapped[int] = id_column()
    group_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("sharing_group.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(BigId, ForeignKey("organisation.id"), index=True)
    added_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
