"""Victims' identities sealed to one node, so that no node in between can read them.

A node has one key pair, Ed25519, for signing (``nodes``).  Its sealing key is the
X25519 key of the same secret, by the standard conversion (libsodium's
``crypto_sign_ed25519_sk_to_curve25519`` and ``..._pk_to_curve25519``): the private
scalar is the first half of SHA-512 of the Ed25519 seed, and the public key the
Montgomery form of the Edwards point, u = (1 + y) / (1 - y) mod 2^255 - 19.  So a
peer's sealing key follows from the key already pinned for it, and no second key is
exchanged, stored or trusted.  (Using one secret for both is shown safe for Ed25519
and X25519: Thormarker, "On using the same key pair for Ed25519 and an X25519 based
KEM", 2021.)

A sealed box: a fresh X25519 key pair per identity; the shared secret through
HKDF-SHA256 (salted with both public keys) gives a ChaCha20-Poly1305 key used once
(so a zero nonce); the box is the ephemeral public key and the ciphertext.  The
associated data binds it to its place (the record's global id and version, the
organisation and purpose, the sending and receiving nodes), so a box moved to
another record, organisation or node does not open.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from amanat.federation.bundle import canonical

FIELD_P = 2**255 - 19
INFO = b"amanat federation identity v1"
KEY_BYTES = 32
NONCE = bytes(12)  # each key seals one message only


class SealError(ValueError):
    """A box that does not open: not for this node, moved, or changed."""


def sealing_private_key(key: Ed25519PrivateKey) -> X25519PrivateKey:
    scalar = hashlib.sha512(key.private_bytes_raw()).digest()[:KEY_BYTES]
    return X25519PrivateKey.from_private_bytes(scalar)  # clamped as X25519 does


def sealing_public_key(key: Ed25519PublicKey) -> X25519PublicKey:
    y = int.from_bytes(key.public_bytes_raw(), "little") & ((1 << 255) - 1)
    if y >= FIELD_P or y == 1:
        raise SealError("the node key has no sealing key (not a point of order > 1)")
    u = (1 + y) * pow(1 - y, FIELD_P - 2, FIELD_P) % FIELD_P
    return X25519PublicKey.from_public_bytes(u.to_bytes(KEY_BYTES, "little"))


def bound_to(**place: Any) -> bytes:
    """The associated data: what a box is for, canonical so both sides agree."""
    return canonical({"format": "amanat-identity/1", **place})


def _cipher(shared: bytes, ephemeral: bytes, recipient: bytes) -> ChaCha20Poly1305:
    derived = HKDF(SHA256(), KEY_BYTES, salt=ephemeral + recipient, info=INFO).derive(shared)
    return ChaCha20Poly1305(derived)


def seal_for(recipient: Ed25519PublicKey, plaintext: bytes, place: bytes) -> str:
    """The box (base64) that only the holder of ``recipient``'s private key opens."""
    to = sealing_public_key(recipient)
    ephemeral = X25519PrivateKey.generate()
    mine = ephemeral.public_key().public_bytes_raw()
    cipher = _cipher(ephemeral.exchange(to), mine, to.public_bytes_raw())
    return base64.b64encode(mine + cipher.encrypt(NONCE, plaintext, place)).decode("ascii")


def open_box(key: Ed25519PrivateKey, box: str, place: bytes) -> bytes:
    """The plaintext of a box sealed to this node's key for ``place``."""
    try:
        raw = base64.b64decode(box, validate=True)
    except (binascii.Error, ValueError):
        raise SealError("is not base64") from None
    if len(raw) <= KEY_BYTES:
        raise SealError("is too short to be a sealed box")
    private = sealing_private_key(key)
    try:
        theirs = X25519PublicKey.from_public_bytes(raw[:KEY_BYTES])
        shared = private.exchange(theirs)
        mine = private.public_key().public_bytes_raw()
        return _cipher(shared, raw[:KEY_BYTES], mine).decrypt(NONCE, raw[KEY_BYTES:], place)
    except (InvalidTag, ValueError):
        raise SealError("does not open with this node's key for this record") from None
