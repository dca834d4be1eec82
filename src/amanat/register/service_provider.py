"""The directory of service providers: which organisation offers victims which
service, and where.

A referral may name only an organisation that offers the service it is for (a
police force offers no shelter), so the directory is the list a case worker picks
from.  Each organisation's administrators keep their own organisation's offers.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from amanat.register.base import Base, BigId, country_column, id_column, text, utcnow, vocab


class ServiceOffer(Base):
    """One service an organisation offers, in one country (or one region of it)."""

    __tablename__ = "service_offer"

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisation.id"), nullable=False, index=True
    )
    service: Mapped[str] = vocab("assistance_kind", nullable=False)
    country: Mapped[str] = country_column(nullable=False, index=True)
    # Empty: the whole country.
    region: Mapped[str | None] = text(100)
    # How to refer: intake hours, languages spoken, who is taken in (never a victim's name).
    note: Mapped[str | None] = text(500)
    added_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
    added_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))
