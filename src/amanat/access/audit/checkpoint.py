"""Signed checkpoints: an Ed25519 signature over ``(seq, entry_hash, at)`` of one entry.

The hash chain alone shows that entries were changed only to someone who kept an
earlier hash; whoever can write the table can also re-hash everything after an edit.
A checkpoint signed with a key the database does not hold pins the chain up to that
entry, so a rewritten and re-hashed tail no longer matches the signed hash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from amanat.access.audit.chain import AuditEntry, format_timestamp
from amanat.access.audit.signing_key import public_key_id

# Domain separation: a checkpoint signature cannot be mistaken for a signature over
# anything else the same key might one day sign.
_DOMAIN = b"amanat/audit-checkpoint/v1\n"


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement that entry ``seq`` has hash ``entry_hash`` and time ``at``."""

    seq: int
    entry_hash: str
    at: datetime
    key_id: str
    signature: bytes


def checkpoint_message(seq: int, entry_hash: str, at: datetime) -> bytes:
    """The exact bytes that are signed."""
    document = {"seq": seq, "entry_hash": entry_hash, "at": format_timestamp(at)}
    return _DOMAIN + json.dumps(document, sort_keys=True, separators=(",", ":")).encode("ascii")


def sign_checkpoint(private_key: Ed25519PrivateKey, entry: AuditEntry) -> Checkpoint:
    message = checkpoint_message(entry.seq, entry.entry_hash, entry.at)
    return Checkpoint(
        seq=entry.seq,
        entry_hash=entry.entry_hash,
        at=entry.at,
        key_id=public_key_id(private_key.public_key()),
        signature=private_key.sign(message),
    )


def verify_checkpoint(public_key: Ed25519PublicKey, checkpoint: Checkpoint) -> bool:
    """Whether ``checkpoint`` was signed by ``public_key`` and is unaltered."""
    if checkpoint.key_id != public_key_id(public_key):
        return False
    try:
        message = checkpoint_message(checkpoint.seq, checkpoint.entry_hash, checkpoint.at)
        public_key.verify(checkpoint.signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
