"""Referrals: a victim referred by the organisation that registered her to another
that offers the service she needs, and the receiver's answers.

A referral is not part of the victim record: the record is the referring
organisation's assertion, while the referral is a conversation between two
organisations, whose every step is kept (``ReferralEvent``) so the sender sees each
answer.  It rests on the victim's consent to share with the receiver for assistance
(``Consent``), and it opens her records to the receiver by name, which a declined
referral closes again.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from amanat.register.base import Base, BigId, event_date, id_column, ref, text, utcnow, vocab


class Referral(Base):
    __tablename__ = "referral"

    id: Mapped[int] = id_column()
    victim_id: Mapped[int] = ref("victim.id")
    service: Mapped[str] = vocab("assistance_kind", nullable=False)
    # The organisation that referred (the victim record's) and the one that receives.
    from_org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisation.id"), nullable=False, index=True
    )
    provider_org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisation.id"), nullable=False, index=True
    )
    status: Mapped[str] = vocab("assistance_status", nullable=False, default="referred")
    referred_on: Mapped[dt.date] = event_date(nullable=False)
    completed_on: Mapped[dt.date | None] = event_date()
    referred_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))
    # For the receiver: what she needs.  Shown to the two organisations only.
    note: Mapped[str | None] = text(2000)
    # The receiver's reason, when it declines.
    reason: Mapped[str | None] = text(2000)
    # Which of her records the referral opened to the receiver by name (those it
    # found already open stay open when it is declined).
    opened_victim: Mapped[bool] = mapped_column(default=False, nullable=False)
    opened_person: Mapped[bool] = mapped_column(default=False, nullable=False)
    # Whether the referring organisation has seen the receiver's latest answer.
    answer_noted: Mapped[bool] = mapped_column(default=True, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )

    events: Mapped[list[ReferralEvent]] = relationship(
        cascade="all, delete-orphan", order_by="ReferralEvent.id"
    )


class ReferralEvent(Base):
    """One step of a referral: made, accepted, declined (with the reason), completed."""

    __tablename__ = "referral_event"

    id: Mapped[int] = id_column()
    referral_id: Mapped[int] = ref("referral.id")
    status: Mapped[str] = vocab("assistance_status", nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    by_org_id: Mapped[int] = mapped_column(BigId, ForeignKey("organisation.id"), nullable=False)
    by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))
    reason: Mapped[str | None] = text(2000)
