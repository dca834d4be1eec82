"""Signed checkpoints: an Ed25519 signature over ``(seq, entry_hash, at, number)`` of one entry.

The hash chain alone shows that entries were changed only to someone who kept an
earlier hash; whoever can write the table can also re-hash everything after an edit.
A checkpoint signed with a key the database does not hold pins the chain up to that
entry, so a rewritten and re-hashed tail no longer matches the signed hash.

Each checkpoint also signs its ``number`` in the trail's series of checkpoints (1, 2,
3, ...), so a checkpoint deleted from between two others leaves a gap that no one
without the key can close.  Checkpoints signed before numbering (format v1) have no
number and still verify: the two formats sign under different prefixes, so a number
cannot be stripped from a v2 signature to pass it off as v1.
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
# anything else the same key might one day sign, nor one format for the other.
_DOMAIN_V1 = b"amanat/audit-checkpoint/v1\n"
_DOMAIN_V2 = b"amanat/audit-checkpoint/v2\n"


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement that entry ``seq`` has hash ``entry_hash`` and time ``at``,
    and that this is checkpoint ``number`` of the trail (None: signed before numbering)."""

    seq: int
    entry_hash: str
    at: datetime
    key_id: str
    signature: bytes
    number: int | None = None


def checkpoint_message(seq: int, entry_hash: str, at: datetime, number: int | None = None) -> bytes:
    """The exact bytes that are signed."""
    document: dict[str, object] = {"seq": seq, "entry_hash": entry_hash, "at": format_timestamp(at)}
    if number is None:
        domain = _DOMAIN_V1
    else:
        domain, document["number"] = _DOMAIN_V2, number
    return domain + json.dumps(document, sort_keys=True, separators=(",", ":")).encode("ascii")


def sign_checkpoint(
    private_key: Ed25519PrivateKey, entry: AuditEntry, number: int | None = None
) -> Checkpoint:
    """Sign ``entry`` as checkpoint ``number``; the store always numbers them (None is
    the old, unnumbered format, kept for reading old trails and for tests)."""
    if number is not None and (isinstance(number, bool) or number < 1):
        raise ValueError(f"a checkpoint number starts at 1, got {number!r}")
    message = checkpoint_message(entry.seq, entry.entry_hash, entry.at, number)
    return Checkpoint(
        seq=entry.seq,
        entry_hash=entry.entry_hash,
        at=entry.at,
        key_id=public_key_id(private_key.public_key()),
        signature=private_key.sign(message),
        number=number,
    )


def verify_checkpoint(public_key: Ed25519PublicKey, checkpoint: Checkpoint) -> bool:
    """Whether ``checkpoint`` was signed by ``public_key`` and is unaltered."""
    if checkpoint.key_id != public_key_id(public_key):
        return False
    try:
        message = checkpoint_message(
            checkpoint.seq, checkpoint.entry_hash, checkpoint.at, checkpoint.number
        )
        public_key.verify(checkpoint.signature, message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
