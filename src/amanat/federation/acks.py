"""Acknowledging tombstones: a receiver tells the sender the last sequence up to which
it has taken every bundle, so the sender knows which withdrawals have been applied.

Online, the receiver's cursor is the acknowledgement: it pulls ``after=SEQ`` only
once every bundle up to ``SEQ`` is taken (``transfer``: the cursor moves over no
gap), so the feed records ``SEQ`` as acknowledged.  Offline, the receiver writes an
acknowledgement file, signed with its node key like a bundle: ``{"format":
ACK_FORMAT, "from", "to", "received"}``, carried back to the sender with the next
removable media.  The sender takes it only from a pinned peer's key, addressed to
it, and never beyond what it has sent that peer.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.federation.bundle import Envelope, Refusal, digest, sealed, verified
from amanat.federation.nodes import checked_key
from amanat.register import Node

ACK_FORMAT = "amanat-federation-ack/1"


def acknowledgement(local: Node, peer: Node, key: Ed25519PrivateKey) -> bytes:
    """The signed file saying this node has taken ``peer``'s bundles up to the last
    sequence received from it."""
    document = {"format": ACK_FORMAT, "from": local.name, "to": peer.name}
    return sealed({**document, "received": peer.received_seq}, key)


def _parsed(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def is_acknowledgement(data: bytes) -> bool:
    outer = _parsed(data)
    return (
        isinstance(outer, dict)
        and isinstance(outer.get("bundle"), dict)
        and outer["bundle"].get("format") == ACK_FORMAT
    )


@dataclass
class Acknowledged:
    sha256: str
    sender: Node | None = None
    received: int = 0
    refusal: Refusal | None = None


def take(session: Session, local: Node, data: bytes) -> Acknowledged:
    """Record a peer's acknowledgement; a refusal is returned, with nothing changed."""
    done = Acknowledged(digest(data))
    try:
        outer = _parsed(data)
        if not is_acknowledgement(data):
            raise Refusal("format", None, f"is not {ACK_FORMAT}")
        document, key = outer["bundle"], outer.get("key")
        try:
            signature = base64.b64decode(str(outer.get("signature")), validate=True)
        except (binascii.Error, ValueError):
            raise Refusal("signature", outer.get("signature"), "is not base64") from None
        sender = session.scalar(select(Node).where(Node.public_key == str(key)))
        if sender is None or sender.is_local:
            raise Refusal("key", str(key)[:80], "is not the key of a peer pinned here")
        done.sender = sender
        verified(
            Envelope(document, str(key), signature, done.sha256), checked_key(sender.public_key)
        )
        if document.get("from") != sender.name:
            raise Refusal("from", document.get("from"), f"is not {sender.name!r}, whose key it is")
        if document.get("to") != local.name:
            raise Refusal("to", document.get("to"), f"is not this node {local.name!r}")
        received = document.get("received")
        if not isinstance(received, int) or isinstance(received, bool) or received < 0:
            raise Refusal("received", received, "is not a sequence (0 or more)")
        if received > sender.sent_seq:
            raise Refusal("received", received, f"is beyond what was sent ({sender.sent_seq})")
    except Refusal as refusal:
        done.refusal = refusal
        return done
    done.received = received
    sender.acknowledged_seq = max(sender.acknowledged_seq, received)
    return done


def pulled_after(peer: Node, after: int) -> None:
    """A pull from ``after``: the peer has taken every bundle up to it."""
    peer.acknowledged_seq = max(peer.acknowledged_seq, min(after, peer.sent_seq))
