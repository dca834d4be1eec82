"""What a hub keeps of a copy to pass it on (issue 18, items 3 and 4): the nodes it
passed through on its way here, origin first, and a protected person's pseudonym
and the identities her origin sealed for organisations of other nodes, which this
node cannot open and passes on as they came.

A copy that came straight from its origin needs no row (its hops are its origin);
a copy relayed by another node has one, so that this node, passing it on in turn,
adds itself to the hops and never sends it to a node it already passed through.
"""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from amanat.register.base import Base, BigId
from amanat.register.federation_withdrawal import TABLE_LENGTH

HOPS_LENGTH = 1000  # node names joined by commas


class FederationRelay(Base):
    """A copy's hops (``KZ,HUB``: origin first, the node it came from last) and, for a
    protected person, her pseudonym: all a node may pass on of her."""

    __tablename__ = "federation_relay"

    record_table: Mapped[str] = mapped_column(String(TABLE_LENGTH), primary_key=True)
    record_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    hops: Mapped[str] = mapped_column(String(HOPS_LENGTH), nullable=False)
    pseudonym: Mapped[str | None] = mapped_column(String(20))
    # JSON: [{"org", "purpose", "sealed"}], each sealed to the organisation's node.
    identities: Mapped[str | None] = mapped_column(Text)
