"""How far each peer node lags, for the operator's monitoring (``/metrics``).

Three gauges per peer, named by the peer's node name (never a record):
- the changes of this register not yet sent to it (the feed's head less its cursor);
- when a bundle from it was last taken, as a Unix time (0: never), so that an alert
  can say "nothing from KG for six hours" with ``time() - …``;
- when it last failed or was refused (0: not since the last bundle taken).
Timestamps rather than ages: Prometheus computes ages at query time, and a stored age
would be stale between scrapes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.federation.outgoing import latest_seq
from amanat.metrics import Reading
from amanat.register import Node

PEER = "peer"


def _unix(moment: dt.datetime | None) -> float:
    if moment is None:
        return 0.0
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


def readings(session: Session) -> list[Reading]:
    """The federation's gauges, one value per peer (none without peers)."""
    latest = latest_seq(session)
    peers = list(session.scalars(select(Node).where(Node.is_local.is_(False))))
    return [
        Reading(
            "amanat_federation_changes_unsent",
            "Changes of this register not yet sent to the peer node",
            PEER,
            {peer.name: float(max(latest - peer.sent_seq, 0)) for peer in peers},
        ),
        Reading(
            "amanat_federation_last_received_timestamp_seconds",
            "When a bundle from the peer node was last taken (Unix time; 0: never)",
            PEER,
            {peer.name: _unix(peer.received_at) for peer in peers},
        ),
        Reading(
            "amanat_federation_last_error_timestamp_seconds",
            "When the peer node last failed or was refused, since its last bundle taken "
            "(Unix time; 0: none)",
            PEER,
            {peer.name: _unix(peer.last_error_at if peer.last_error else None) for peer in peers},
        ),
    ]
