"""Bundles: what one node sends another, canonicalised (RFC 8785) and signed with the
sender's node key.

A bundle file is the canonical JSON of ``{"bundle": ..., "key": ..., "signature":
...}``: the signature is over the canonical bytes of ``bundle`` alone.  A receiver
checks it over those bytes as they stand in the file (the bundle it then takes is
parsed from exactly them), and only if they do not verify, over the canonical bytes
of what it parsed (a file re-serialised on the way): any change to a byte that
matters fails both.  Canonicalising in Python costs about as much as taking the
records, so the sender does it once, and the receiver not at all for a file as sent.
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
from amanat.language.i18n import DEFAULT_LANGUAGE, N_
from amanat.language.refusal import filled

FORMAT = "amanat-federation/1"
# What a bundle holds besides its records (checked on receipt).
BUNDLE_START = b'{"bundle":'
HEADER = ("format", "from", "to", "hops", "after", "upto", "organisations", "records", "withdrawn")


class Refusal(ValueError):
    """A bundle (or one of its records) that is not taken; names the field and value.

    ``reason`` is a msgid (``N_``) filled with ``params``: the audit trail keeps it in
    English (``reason``, ``str()``), a command says it in its reader's language."""

    def __init__(self, field: str, value: object, reason: str, **params: object) -> None:
        self.field = field
        self.value = value
        self.msgid, self.params = reason, params
        self.reason = filled(DEFAULT_LANGUAGE, reason, params)
        super().__init__(f"{field}: {value!r} {self.reason}")

    def said(self, lang: str) -> str:
        return f"{self.field}: {self.value!r} {filled(lang, self.msgid, self.params)}"


@dataclass(frozen=True)
class Envelope:
    """A bundle as read from its file, not yet verified."""

    bundle: dict[str, Any]
    key: str
    signature: bytes
    sha256: str
    signed: bytes | None = None  # the bundle's bytes as they stand in the file


def canonical(value: Any) -> bytes:
    return rfc8785.dumps(value)


def sealed(bundle: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """The bundle file's bytes: the bundle with its sender's key and signature."""
    signed = canonical(bundle)
    signature = base64.b64encode(key.sign(signed)).decode("ascii")
    # The canonical form of the outer object, its keys in order, without writing the
    # bundle a second time.
    return b"".join(
        [
            BUNDLE_START,
            signed,
            b',"key":',
            canonical(public_key_base64(key.public_key())),
            b',"signature":',
            canonical(signature),
            b"}",
        ]
    )


def digest(data: bytes) -> str:
    """The hash both sides' audit trails record of a bundle file."""
    return hashlib.sha256(data).hexdigest()


def opened(data: bytes) -> Envelope:
    """The parts of a bundle file, or a refusal saying which is malformed."""
    sha = digest(data)
    signed, outer = _as_written(data)
    try:
        outer = outer if outer is not None else json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Refusal(
            "file", sha, N_("is not a JSON bundle (%(error)s)"), error=exc.__class__.__name__
        ) from None
    if not isinstance(outer, dict) or not isinstance(outer.get("bundle"), dict):
        raise Refusal("bundle", sha, N_("is missing: not a federation bundle"))
    key, signature = outer.get("key"), outer.get("signature")
    if not isinstance(key, str):
        raise Refusal("key", key, N_("is not a public key"))
    try:
        raw = base64.b64decode(str(signature), validate=True)
    except (binascii.Error, ValueError):
        raise Refusal("signature", signature, N_("is not base64")) from None
    bundle = outer["bundle"]
    if bundle.get("format") != FORMAT:
        raise Refusal("format", bundle.get("format"), N_("is not %(format)s"), format=FORMAT)
    for name in HEADER:
        if name not in bundle:
            raise Refusal(name, None, N_("is missing from the bundle"))
    return Envelope(bundle, key, raw, sha, signed)


def _as_written(data: bytes) -> tuple[bytes | None, Any]:
    """For a file laid out as ``sealed`` writes it, the bundle's bytes and the file
    parsed from them and its tail (the bundle parsed once); else nothing."""
    end = data.rfind(b',"key":')
    if not data.startswith(BUNDLE_START) or end < 0:
        return None, None
    signed = data[len(BUNDLE_START) : end]
    try:
        outer = json.loads(b"{" + data[end + 1 :])
        bundle = json.loads(signed)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, None
    if not isinstance(outer, dict) or set(outer) != {"key", "signature"}:
        return None, None
    return signed, {"bundle": bundle, **outer}


def verified(envelope: Envelope, pinned: Ed25519PublicKey) -> dict[str, Any]:
    """The bundle, if its signature is the pinned key's over its canonical bytes."""
    if envelope.signed is not None:
        try:
            pinned.verify(envelope.signature, envelope.signed)
        except InvalidSignature:
            pass  # perhaps re-serialised: the canonical form of what was parsed decides
        else:
            return envelope.bundle  # parsed from exactly these bytes
    try:
        pinned.verify(envelope.signature, canonical(envelope.bundle))
    except InvalidSignature:
        raise Refusal(
            "signature",
            base64.b64encode(envelope.signature).decode("ascii")[:16] + "…",
            N_("does not verify with the key pinned for %(node)r"),
            node=envelope.bundle.get("from"),
        ) from None
    return envelope.bundle
