"""Sending and receiving bundles between this node and a pinned peer: the steps the
actions (``actions.federation``) take, before anything is audited.

A bundle is taken only when it is signed by the key pinned for the node it says it
is from, addressed to this node, and has not passed through this node already (its
hops), so nothing loops.  The peer's cursor moves only over a run of sequences with
no gap: a bundle after a later sequence than the last received is taken (copies are
idempotent) but the cursor stays, so a later pull still fetches what was missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access.audit import public_key_base64, public_key_id
from amanat.access.vault import MasterKey
from amanat.federation.bundle import Refusal, opened, sealed, verified
from amanat.federation.incoming import take
from amanat.federation.known import Taken
from amanat.federation.nodes import checked_key, local_node, node_by_name
from amanat.federation.outgoing import bundle_for
from amanat.language.i18n import N_
from amanat.register import InvalidValue, Node
from amanat.register.base import utcnow

SHOWN_OF_VALUE = 80  # characters of a refused value kept in the audit entry


@dataclass(frozen=True)
class Sent:
    data: bytes
    peer: Node
    after: int
    upto: int
    records: int
    withdrawn: int = 0
    identities: int = 0  # victims' identities sealed to the peer


def this_node(session: Session) -> Node:
    local = local_node(session)
    if local is None:
        raise InvalidValue("node", None, "is not initialised here: run amanat node init first")
    return local


def peer_named(session: Session, name: str, field: str) -> Node:
    peer = node_by_name(session, name, field)
    if peer.is_local:
        raise InvalidValue(field, name, "is this node, not a peer")
    return peer


def own_key(session: Session, key: Ed25519PrivateKey) -> Node:
    """This node, if ``key`` is its key (what its peers pinned)."""
    local = this_node(session)
    if public_key_base64(key.public_key()) != local.public_key:
        raise InvalidValue(
            "AMANAT_NODE_KEY_FILE",
            public_key_id(key.public_key()),
            f"is not the key of this node {local.name!r} (its peers pinned another)",
        )
    return local


def send(
    session: Session,
    peer: Node,
    after: int | None,
    key: Ed25519PrivateKey,
    limit: int | None,
    master: MasterKey | None = None,
) -> Sent:
    """The signed bundle of what ``peer`` may have of the changes after ``after`` (by
    default, after the last sequence sent to it); ``master`` opens the victims'
    identities consented to its organisations, sealed to it."""
    local = own_key(session, key)
    start = peer.sent_seq if after is None else after
    if start < 0:
        raise InvalidValue("--after", start, "is not a sequence (0 or more)")
    bundle = bundle_for(session, local, peer, start, limit, master)
    peer.sent_seq = max(peer.sent_seq, bundle["upto"])
    return Sent(
        sealed(bundle, key),
        peer,
        start,
        bundle["upto"],
        len(bundle["records"]),
        len(bundle["withdrawn"]),
        sum(len(r.get("identities", ())) for r in bundle["records"]),
    )


@dataclass
class Received:
    sha256: str
    sender: Node | None = None
    bundle: dict[str, Any] | None = None
    taken: Taken | None = None
    refusal: Refusal | None = None


def receive(
    session: Session,
    data: bytes,
    key: Ed25519PrivateKey | None = None,
    master: MasterKey | None = None,
) -> Received:
    """Verify and take a bundle; a refusal is returned (for the audit trail), with
    nothing of the bundle written.  ``key`` (this node's) and ``master`` open and keep
    the victims' identities sealed to this node."""
    received = Received(sha256="")
    try:
        envelope = opened(data)
        received.sha256 = envelope.sha256
        sender = session.scalar(select(Node).where(Node.public_key == envelope.key))
        if sender is None or sender.is_local:
            raise Refusal(
                "key", _fingerprint(envelope.key), N_("is not the key of a peer pinned here")
            )
        received.sender = sender
        if envelope.bundle["from"] != sender.name:
            raise Refusal(
                "from",
                envelope.bundle["from"],
                N_("is not %(node)r, whose key it is"),
                node=sender.name,
            )
        bundle = verified(envelope, checked_key(sender.public_key))
        _addressed_here(session, bundle)
        savepoint = session.begin_nested()
        try:
            received.taken = take(session, sender, bundle, key, master)
        except Refusal:
            savepoint.rollback()
            raise
        savepoint.commit()
        received.bundle = bundle
    except Refusal as refusal:
        received.refusal = refusal
        if not received.sha256:
            received.sha256 = str(refusal.value)
        if received.sender is not None:
            received.sender.last_error = str(refusal)[:500]
            received.sender.last_error_at = utcnow()
        return received
    if isinstance(bundle["after"], int) and bundle["after"] <= sender.received_seq:
        sender.received_seq = max(sender.received_seq, int(bundle["upto"]))
    sender.received_at = utcnow()
    sender.last_error = None
    return received


def _addressed_here(session: Session, bundle: dict[str, Any]) -> None:
    local = this_node(session)
    if bundle["to"] != local.name:
        raise Refusal("to", bundle["to"], N_("is not this node %(node)r"), node=local.name)
    hops = bundle["hops"]
    if not isinstance(hops, list) or not all(isinstance(hop, str) for hop in hops):
        raise Refusal("hops", hops, N_("is not a list of node names"))
    if local.name in hops:
        raise Refusal(
            "hops", ",".join(hops), N_("already passed through %(node)r: a loop"), node=local.name
        )
    for name in ("after", "upto"):
        if not isinstance(bundle[name], int) or bundle[name] < 0:
            raise Refusal(name, bundle[name], N_("is not a sequence (0 or more)"))


def _fingerprint(key: str) -> str:
    try:
        return public_key_id(checked_key(key))
    except InvalidValue:
        return key[:SHOWN_OF_VALUE]


def shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= SHOWN_OF_VALUE else text[:SHOWN_OF_VALUE] + "…"
