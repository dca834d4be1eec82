"""What withdrawal needs on each side of a federation link (issue 18).

The sender remembers which of its records each peer holds (``FederationCopy``), so
that when one stops reaching that peer — deleted, or its marking narrowed — it sends
the peer a tombstone for it, and only to a peer that has it: a peer never learns the
global id of a record it was never sent.

The receiver keeps each tombstone it took (``FederationTombstone``), so that a copy
withdrawn cannot come back with a bundle of an older version, replayed, duplicated or
arriving late, even one whose copy had not reached it yet.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from amanat.register.base import GLOBAL_ID_LENGTH, Base, BigId, utcnow

TABLE_LENGTH = 40


class FederationCopy(Base):
    """One of this node's records that a peer was sent; ``withdrawn`` once a tombstone
    for it was sent instead (until the record reaches the peer again)."""

    __tablename__ = "federation_copy"

    node_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("node.id", ondelete="CASCADE"), primary_key=True
    )
    record_table: Mapped[str] = mapped_column(String(TABLE_LENGTH), primary_key=True)
    record_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False)
    withdrawn: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # The last sequence of the bundle that carried its tombstone: acknowledged once
    # the peer has taken every bundle up to it (``Node.acknowledged_seq``).
    withdrawn_upto: Mapped[int | None] = mapped_column(BigInteger)


class FederationTombstone(Base):
    """A peer's record withdrawn here: a copy at or below ``version`` is not taken."""

    __tablename__ = "federation_tombstone"

    record_table: Mapped[str] = mapped_column(String(TABLE_LENGTH), primary_key=True)
    global_id: Mapped[str] = mapped_column(String(GLOBAL_ID_LENGTH), primary_key=True)
    origin_node_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("node.id", ondelete="CASCADE"), nullable=False
    )
    version: Mapped[int] = mapped_column(BigInteger, nullable=False)
    withdrawn_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
