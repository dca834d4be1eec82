"""A peer's request for this node's feed, signed with its node key.

A peer proves who it is by signing what it asks (its name, the path, the cursor and
the page size) and the time, in headers; the feed answers only a pinned peer whose
signature verifies and whose time is within ``WINDOW_S`` of ours (a captured request
cannot be replayed later).  Everything else — an unknown name, a bad signature, a
stale time, a malformed header — is answered as if the feed did not exist.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.federation.bundle import canonical
from amanat.federation.nodes import checked_key
from amanat.register import Node

FEED_PATH = "/federation/v1/feed"
NODE, TIME, SIGNATURE = "amanat-node", "amanat-time", "amanat-signature"
WINDOW_S = 300
PAGE = 5000  # records changed per page, at most


def _message(node: str, after: int, limit: int, at: int) -> bytes:
    return canonical({"node": node, "path": FEED_PATH, "after": after, "limit": limit, "at": at})


def signed_headers(
    node: str, key: Ed25519PrivateKey, after: int, limit: int, at: int
) -> dict[str, str]:
    signature = key.sign(_message(node, after, limit, at))
    return {
        NODE: node,
        TIME: str(at),
        SIGNATURE: base64.b64encode(signature).decode("ascii"),
    }


def requesting_peer(
    session: Session, headers: Mapping[str, str], after: int, limit: int, now: int
) -> Node | None:
    """The pinned peer that signed this request, or None (answered as absent)."""
    name, at, signature = headers.get(NODE), headers.get(TIME), headers.get(SIGNATURE)
    if name is None or at is None or signature is None or not at.isdigit():
        return None
    if abs(now - int(at)) > WINDOW_S:
        return None
    peer = session.scalar(select(Node).where(Node.name == name, Node.is_local.is_(False)))
    if peer is None:
        return None
    try:
        raw = base64.b64decode(signature, validate=True)
        checked_key(peer.public_key).verify(raw, _message(name, after, limit, int(at)))
    except (binascii.Error, ValueError, InvalidSignature):
        return None
    return peer
