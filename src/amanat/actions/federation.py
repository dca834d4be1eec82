"""Sending and receiving records between nodes, by the system operator: a signed
bundle for a peer (``export``), a bundle from one (``import``), and each peer's
cursors and errors (``status``).

Both sides audit every bundle with its SHA-256, so the two trails can be matched;
a refused bundle is audited too, with the field and value refused, and nothing of it
is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from amanat.access.audit import DetailValue
from amanat.actions.actor import Credential
from amanat.actions.door import Context, Scope, action
from amanat.federation import acks, transfer
from amanat.federation.bundle import digest
from amanat.federation.nodes import fingerprint
from amanat.federation.outgoing import latest_seq
from amanat.federation.transfer import Received, Sent, shown
from amanat.federation.withdrawal import unacknowledged
from amanat.register import Node
from amanat.store.engine import take_write_lock


@action(
    "federation.export",
    "Write a signed bundle for a peer node: this node's records changed after a "
    "sequence that their markings let reach an organisation on that node",
    scope=Scope.system,
    audit="federation_bundle_sent",
)
def export_bundle(
    ctx: Context, to: str, after: int | None, key: Ed25519PrivateKey, limit: int | None = None
) -> Sent:
    peer = transfer.peer_named(ctx.session, to, "--to")
    sent = transfer.send(ctx.session, peer, after, key, limit, ctx.master_key)
    return _sent(ctx, peer, sent)


@action(
    "federation.feed",
    "Answer a peer node's signed pull of this node's feed: the same signed bundle as "
    "an export for that peer, one page of changes after its cursor",
    scope=Scope.peer_node,
    audit="federation_bundle_sent",
    credentials=frozenset({Credential.peer_node}),
)
def feed(ctx: Context, peer: Node, after: int, key: Ed25519PrivateKey, limit: int) -> Sent:
    acks.pulled_after(peer, after)  # its cursor: every bundle up to it is taken
    sent = transfer.send(ctx.session, peer, after, key, limit, ctx.master_key)
    return _sent(ctx, peer, sent, online=True, acknowledged=peer.acknowledged_seq)


@action(
    "federation.import",
    "Take a signed bundle from a pinned peer node: its records stored as copies, "
    "idempotent on (global id, version); a bundle that fails a check is refused",
    scope=Scope.system,
    audit=("federation_bundle_received", "federation_bundle_refused"),
)
def import_bundle(
    ctx: Context, data: bytes, source: str, key: Ed25519PrivateKey | None = None
) -> Received:
    """``key``: this node's, to open the victims' identities sealed to it (kept sealed
    for their organisations with the vault's master key)."""
    # Before the bundle's first read: two followers writing into one SQLite hub.
    take_write_lock(ctx.session.connection())
    received = transfer.receive(ctx.session, data, key, ctx.master_key)
    sender = received.sender
    target = sender.id if sender is not None else None
    if received.refusal is not None:
        refusal = received.refusal
        ctx.audit(
            "node",
            target,
            entry="federation_bundle_refused",
            sender=sender.name if sender is not None else None,
            source=source,
            field=refusal.field,
            value=shown(refusal.value),
            reason=refusal.reason,
            sha256=received.sha256,
        )
        return received
    assert sender is not None and received.taken is not None and received.bundle is not None
    taken = received.taken
    ctx.audit(
        "node",
        target,
        sender=sender.name,
        source=source,
        after=received.bundle["after"],
        upto=received.bundle["upto"],
        records=len(received.bundle["records"]),
        inserted=taken.inserted,
        updated=taken.updated,
        unchanged=taken.unchanged,
        held_back=taken.held_back,
        withdrawn=taken.withdrawn,
        identities=taken.identities,
        sha256=received.sha256,
    )
    return received


@action(
    "federation.acknowledge",
    "Write a signed acknowledgement for a peer node: the last sequence up to which "
    "this node has taken its bundles, so that it knows which withdrawals are applied",
    scope=Scope.system,
    audit="federation_ack_sent",
)
def acknowledge(ctx: Context, to: str, key: Ed25519PrivateKey) -> bytes:
    peer = transfer.peer_named(ctx.session, to, "--to")
    data = acks.acknowledgement(transfer.own_key(ctx.session, key), peer, key)
    ctx.audit("node", peer.id, to=peer.name, received=peer.received_seq, sha256=digest(data))
    return data


@action(
    "federation.take_ack",
    "Take a signed acknowledgement from a pinned peer node: the tombstones sent to it "
    "up to the sequence it names are acknowledged; one that fails a check is refused",
    scope=Scope.system,
    audit=("federation_ack_received", "federation_ack_refused"),
)
def take_ack(ctx: Context, data: bytes, source: str) -> acks.Acknowledged:
    done = acks.take(ctx.session, transfer.this_node(ctx.session), data)
    sender = done.sender.name if done.sender is not None else None
    target = done.sender.id if done.sender is not None else None
    if done.refusal is not None:
        ctx.audit(
            "node", target, entry="federation_ack_refused", sender=sender, source=source,
            field=done.refusal.field, value=shown(done.refusal.value),
            reason=done.refusal.reason, sha256=done.sha256,
        )  # fmt: skip
        return done
    ctx.audit("node", target, sender=sender, source=source, received=done.received,
              sha256=done.sha256)  # fmt: skip
    return done


@dataclass(frozen=True)
class PeerStatus:
    name: str
    url: str | None
    fingerprint: str
    sent_seq: int
    lag: int
    received_seq: int
    received_at: str | None
    last_error: str | None
    acknowledged_seq: int
    unacknowledged: int  # tombstones sent to it that it has not acknowledged


@action(
    "federation.status",
    "Each peer node: the last sequence sent to it and received from it, how far it "
    "lags behind this node, the last sequence it acknowledged and the tombstones sent "
    "to it that it has not, its last error and its key fingerprint",
    scope=Scope.system,
    read_only=True,
    unaudited_because="node names, sequences and errors, no record",
)
def status(ctx: Context) -> list[PeerStatus]:
    latest = latest_seq(ctx.session)
    peers = ctx.session.scalars(select(Node).where(Node.is_local.is_(False)).order_by(Node.name))
    return [
        PeerStatus(
            peer.name,
            peer.url,
            fingerprint(peer),
            peer.sent_seq,
            max(latest - peer.sent_seq, 0),
            peer.received_seq,
            peer.received_at.isoformat(timespec="seconds") if peer.received_at else None,
            peer.last_error,
            peer.acknowledged_seq,
            unacknowledged(ctx.session, peer),
        )
        for peer in peers
    ]


def _sent(ctx: Context, peer: Node, sent: Sent, **how: DetailValue) -> Sent:
    """The audit entry of a bundle sent, offline or online: to whom, which changes,
    how many records, and its hash, which the receiver's entry repeats."""
    detail: dict[str, DetailValue] = {
        "to": peer.name,
        "after": sent.after,
        "upto": sent.upto,
        "records": sent.records,
        "withdrawn": sent.withdrawn,
        "identities": sent.identities,
        "sha256": digest(sent.data),
        **how,
    }
    ctx.audit_many([("node", peer.id, detail)])
    return sent
