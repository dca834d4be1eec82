"""Withdrawal at the sender: the tombstones a bundle for a peer carries.

A record of this node that changed and no longer reaches the peer (deleted, its
marking narrowed) is withdrawn there, but only if the peer was sent it
(``FederationCopy``): a peer never learns the global id of a record it could not
have.  A hub withdraws a copy it passed on the same way, when its origin withdrew
it there or it stopped reaching the peer.  Each tombstone carries the record's
version now, above every version the peer was sent, so the peer keeps it against a
replay of an older copy.  A peer's copies stay recorded after their withdrawal, so
an export from an earlier sequence sends the tombstones again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from amanat.register import Node
from amanat.register.federation_withdrawal import FederationCopy


def tombstones(
    session: Session,
    peer: Node,
    kind: str,
    model: Any,
    changed: Sequence[int],
    sent: Mapping[int, int],
    upto: int,
) -> list[dict[str, Any]]:
    """The tombstones for the records of ``changed`` the peer holds and is not sent
    now; what the peer holds is remembered as ``sent`` (id -> version) and these."""
    table = str(model.__tablename__)
    unsent = [record_id for record_id in changed if record_id not in sent]
    held = (
        select(model.id, model.global_id, model.version)
        .join(
            FederationCopy,
            (FederationCopy.record_id == model.id)
            & (FederationCopy.record_table == table)
            & (FederationCopy.node_id == peer.id),
        )
        .where(model.id.in_(unsent))
        .order_by(model.id)
    )
    found = list(session.execute(held)) if unsent else []
    ours = (FederationCopy.node_id == peer.id) & (FederationCopy.record_table == table)
    remembered = [*sent, *(record_id for record_id, _, _ in found)]
    if remembered:
        session.execute(
            delete(FederationCopy).where(ours, FederationCopy.record_id.in_(remembered))
        )
        rows = [
            {"node_id": peer.id, "record_table": table, "record_id": record_id,
             "version": version, "withdrawn": False, "withdrawn_upto": None}
            for record_id, version in sent.items()
        ] + [
            {"node_id": peer.id, "record_table": table, "record_id": record_id,
             "version": version, "withdrawn": True, "withdrawn_upto": upto}
            for record_id, _, version in found
        ]  # fmt: skip
        session.execute(insert(FederationCopy), rows)
    return [{"kind": kind, "global_id": gid, "version": version} for _, gid, version in found]


def unacknowledged(session: Session, peer: Node) -> int:
    """How many tombstones the peer was sent and has not acknowledged: not in a
    bundle up to the last sequence it says it has taken."""
    query = select(func.count()).where(
        FederationCopy.node_id == peer.id,
        FederationCopy.withdrawn.is_(True),
        (FederationCopy.withdrawn_upto.is_(None))
        | (FederationCopy.withdrawn_upto > peer.acknowledged_seq),
    )
    return int(session.scalar(query) or 0)
