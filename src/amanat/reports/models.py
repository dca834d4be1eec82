"""The tables of open-source reports: publishers with the reliability an organisation
gives them, reports (their main text sealed), and the candidates proposed from them.

The report's file is kept as its source document's file (``access.source_files``,
sealed with the organisation's key); its main text and each candidate's details (which
quote the report, and may name a victim) are sealed the same way.  A candidate becomes
a register record only when an analyst confirms it (``record_kind``/``record_id``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    Select,
    String,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from amanat.access.key_rotation import DataRotation, SealedRows, sealed_rows
from amanat.access.vault import DataKey, field_context, open_sealed, seal
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


def _reports_under(org_id: int, version: int, limit: int | None) -> Select[Any]:
    query = (
        select(Report.id)
        .where(Report.org_id == org_id, Report.key_version == version)
        .order_by(Report.id)
    )
    return query if limit is None else query.limit(limit)


def _reseal(value: bytes, old: DataKey, new: DataKey, kind: str, row_id: int) -> bytes:
    context = field_context(kind, row_id, "text")
    return seal(new, open_sealed(old, value, context), context)


def _reseal_reports(
    session: Session, ids: Sequence[int], old: DataKey, new: DataKey, rotation: DataRotation
) -> None:
    # A report's candidates are sealed under its key version: re-sealed with it, in the
    # same transaction, so that the version on the report stays true of both.
    for report in session.scalars(select(Report).where(Report.id.in_(ids))):
        if report.key_version != rotation.from_version:
            continue
        report.text_sealed = _reseal(report.text_sealed, old, new, "report", report.id)
        candidates = select(ReportCandidate).where(ReportCandidate.report_id == report.id)
        for candidate in session.scalars(candidates):
            candidate.details_sealed = _reseal(
                candidate.details_sealed, old, new, "report_candidate", candidate.id
            )
        report.key_version = rotation.to_version
    session.flush()


sealed_rows(SealedRows("report", _reports_under, _reseal_reports))
