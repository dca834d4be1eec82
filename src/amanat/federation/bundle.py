"""Bundles: what one node sends another, canonicalised (RFC 8785) and signed with the
sender's node key.

A bundle file is the canonical JSON of ``{"bundle": ..., "key": ..., "signature":
...}``: the signature is over the canonical bytes of ``bundle`` alone, so a receiver
re-canonicalises what it parsed and any change to a byte that matters fails it.
``key`` is the sender's public key (base64); it only says which pinned key to check
against, it is never trusted by itself (``verified``).

Every refusal is a ``Refusal`` naming the field and the value, for the audit trail.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from amanat.access.audit import public_key_base64

FORMAT = "amanat-federation/1"
# What a bundle holds besides its records (checked on receipt).
HEADER = ("format", "from", "to", "hops", "after", "upto", "organisations", "records")


class Refusal(ValueError):
    """A bundle (or one of its records) that is not taken; names the field and value."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {value!r} {reason}")


@dataclass(frozen=True)
class Envelope:
    """A bundle as read from its file, not yet verified."""

    bundle: dict[str, Any]
    key: str
    signature: bytes
    sha256: str


def canonical(value: Any) -> bytes:
    return rfc8785.dumps(value)


def sealed(bundle: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """The bundle file's bytes: the bundle with its sender's key and signature."""
    signature = key.sign(canonical(bundle))
    return canonical(
        {
            "bundle": bundle,
            "key": public_key_base64(key.public_key()),
            "signature": base64.b64encode(signature).decode("ascii"),
        }
    )


def digest(data: bytes) -> str:
    """The hash both sides' audit trails record of a bundle file."""
    return hashlib.sha256(data).hexdigest()


def opened(data: bytes) -> Envelope:
    """The parts of a bundle file, or a refusal saying which is malformed."""
    sha = digest(data)
    try:
        outer = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Refusal("file", sha, f"is not a JSON bundle ({exc.__class__.__name__})") from None
    if not isinstance(outer, dict) or not isinstance(outer.get("bundle"), dict):
        raise Refusal("bundle", sha, "is missing: not a federation bundle")
    key, signature = outer.get("key"), outer.get("signature")
    if not isinstance(key, str):
        raise Refusal("key", key, "is not a public key")
    try:
        raw = base64.b64decode(str(signature), validate=True)
    except (binascii.Error, ValueError):
        raise Refusal("signature", signature, "is not base64") from None
    bundle = outer["bundle"]
    if bundle.get("format") != FORMAT:
        raise Refusal("format", bundle.get("format"), f"is not {FORMAT}")
    for name in HEADER:
        if name not in bundle:
            raise Refusal(name, None, "is missing from the bundle")
    return Envelope(bundle, key, raw, sha)


def verified(envelope: Envelope, pinned: Ed25519PublicKey) -> dict[str, Any]:
    """The bundle, if its signature is the pinned key's over its canonical bytes."""
    try:
        pinned.verify(envelope.signature, canonical(envelope.bundle))
    except InvalidSignature:
        raise Refusal(
            "signature",
            base64.b64encode(envelope.signature).decode("ascii")[:16] + "…",
            f"does not verify with the key pinned for {envelope.bundle.get('from')!r}",
        ) from None
    return envelope.bundle
