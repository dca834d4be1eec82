"""Acknowledgements of alerts: an auditor says "seen, dealt with" about one alert.

Alerts are not stored: the rules (``alert_rules.yaml``) raise them afresh from the
audit trail each time they are read.  An alert is known by its rule and the first
trail entry it names, which stay the same however often it is raised again (a
sliding window only adds later entries to it).  Acknowledging keeps who and when,
and the alert stays in the trail's view, marked, rather than disappearing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import BigInteger, DateTime, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from amanat.access.alerts import Alert
from amanat.register.base import Base, BigId, id_column, utcnow


class AlertAck(Base):
    __tablename__ = "alert_ack"
    __table_args__ = (UniqueConstraint("rule_id", "first_seq", name="uq_alert_ack_rule_seq"),)

    id: Mapped[int] = id_column()
    rule_id: Mapped[str] = mapped_column(String(80), nullable=False)
    # The first audit entry the alert names (``Alert.seqs[0]``).
    first_seq: Mapped[int] = mapped_column(BigInteger, nullable=False)
    acknowledged_by_user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("user_account.id"), nullable=False
    )
    acknowledged_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    note: Mapped[str | None] = mapped_column(Text)


def key_of(alert: Alert) -> tuple[str, int]:
    """What an alert is known by: its rule and the first entry it names."""
    return alert.rule_id, alert.seqs[0] if alert.seqs else 0


def acknowledged(session: Session, alerts: Iterable[Alert]) -> dict[tuple[str, int], AlertAck]:
    """The acknowledgements of these alerts, by their keys."""
    seqs = {key_of(alert)[1] for alert in alerts}
    if not seqs:
        return {}
    query = select(AlertAck).where(AlertAck.first_seq.in_(sorted(seqs)))
    return {(ack.rule_id, ack.first_seq): ack for ack in session.scalars(query)}
