"""Nodes of a federation: this register's own identity and the peers it knows.

Each national agency or country runs its own node (its own database, keys and
administrators); a regional centre runs a hub.  A node is known to the others by its
name and its Ed25519 public key, pinned out of band (``amanat node add``).  The
private key of this node is never here: it lives in a key file beside the other keys
(``AMANAT_NODE_KEY_FILE``).

Records and organisations point at the node they belong to; an empty pointer means
this node, so that a register works the same before and after ``amanat node init``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from amanat.register.base import Base, id_column, utcnow

# The longest name and URL a node may have.
NAME_LENGTH = 80
URL_LENGTH = 500
# An Ed25519 public key (32 bytes) in base64.
PUBLIC_KEY_LENGTH = 44


class Node(Base):
    """A node of the federation: this one (``is_local``) or a peer whose key is pinned."""

    __tablename__ = "node"

    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True, nullable=False)
    # Where its feed is pulled from; this node's own may be left empty.
    url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    public_key: Mapped[str] = mapped_column(String(PUBLIC_KEY_LENGTH), unique=True, nullable=False)
    is_local: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
    # The feed's bookkeeping with a peer (``amanat federation status``): the last
    # sequence of ours it was sent, the last of its own received here, and the last
    # refusal or failure, kept until the next bundle from it is taken.
    sent_seq: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0, server_default="0")
    received_seq: Mapped[int] = mapped_column(
        BigInteger, nullable=False, default=0, server_default="0"
    )
    received_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The last sequence of ours the peer says it has taken, every bundle up to it
    # (its cursor when it pulls, or an acknowledgement file): the tombstones sent in
    # bundles up to it are acknowledged.
    acknowledged_seq: Mapped[int] = mapped_column(
        BigInteger, nullable=False, default=0, server_default="0"
    )
    last_error: Mapped[str | None] = mapped_column(Text)
    # The peer (a hub) through which this node is reached, when this node exchanges
    # no bundles with it directly: what may reach its organisations goes to that
    # peer, to be passed on (``federation.forwarding``).  Nodes are never deleted.
    via_node_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    def __repr__(self) -> str:
        return f"Node({self.name})"


# At most one node is this one.
Index(
    "uq_node_is_local",
    Node.is_local,
    unique=True,
    sqlite_where=Node.is_local,
    postgresql_where=Node.is_local,
)
