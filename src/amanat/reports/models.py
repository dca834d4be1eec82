"""The tables of open-source reports: publishers with the reliability an organisation
gives them, reports (their main text sealed), and the candidates proposed from them.

The report's file is kept as its source document's file (``access.source_files``,
sealed with the organisation's key); its main text and each candidate's details (which
quote the report, and may name a victim) are sealed the same way.  A candidate becomes
a register record only when an analyst confirms it (``record_kind``/``record_id``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from amanat.register.base import Base, BigId, id_column, utcnow

PROPOSED, CONFIRMED, REJECTED = "proposed", "confirmed", "rejected"
STATUSES = (PROPOSED, CONFIRMED, REJECTED)


class ReportPublisher(Base):
    """A newspaper, NGO or researcher, with the source reliability (Admiralty A–F) one
    organisation gives it: set once, remembered for its next reports."""

    __tablename__ = "report_publisher"
    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_report_publisher_org_name"),)

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    reliability: Mapped[str] = mapped_column(String(1), nullable=False, default="F")
    set_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )


class Report(Base):
    __tablename__ = "report"

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # The register's source record (title, date, language), whose kept file is the report.
    source_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("source.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    publisher_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("report_publisher.id", ondelete="SET NULL")
    )
    author: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    language: Mapped[str] = mapped_column(String(8), nullable=False)
    reliability: Mapped[str] = mapped_column(String(1), nullable=False)
    # The main text, sealed with ``key_version`` of the organisation's data key.
    text_sealed: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    key_version: Mapped[int] = mapped_column(Integer, nullable=False)
    added_by: Mapped[int] = mapped_column(BigId, ForeignKey("user_account.id"), nullable=False)
    added_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )


class ReportCandidate(Base):
    __tablename__ = "report_candidate"

    id: Mapped[int] = id_column()
    report_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("report.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # An event's kind ("arrest", "seizure" ...) or "person".
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    # The evidence: offsets of the sentence in the main text (the quote is in ``details``).
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    stop: Mapped[int] = mapped_column(Integer, nullable=False)
    # The candidate as JSON (``Event.as_json`` or the person's mention), sealed.
    details_sealed: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default=PROPOSED)
    credibility: Mapped[str | None] = mapped_column(String(1))
    record_kind: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[int | None] = mapped_column(BigId)
    decided_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
