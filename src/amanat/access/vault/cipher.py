"""Sealing protected fields (names, birth dates, document numbers, contacts, photos).

AES-256-GCM under the owning organisation's data key.  Token layout:
version (1) | nonce (12) | ciphertext+tag.  The associated data is the version byte
and a context such as ``person:123:name``, so a token copied to another row or field
does not open.

Plaintext is padded to a multiple of 32 bytes before sealing (0x80 then zeros, as in
ISO/IEC 7816-4) so a database dump does not show the exact length of each name.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from amanat.access.vault.errors import VaultError
from amanat.access.vault.keys import DataKey
from amanat.language.i18n import N_

SEAL_VERSION = 1
_NONCE = 12
_TAG = 16
_PAD_BLOCK = 32


def field_context(kind: str, record_id: int | str, field: str) -> str:
    """The context for one field of one record, e.g. ``field_context("person", 123, "name")``."""
    for part in (kind, field):
        if not part or ":" in part:
            raise ValueError(f"context parts must be non-empty and without ':': {part!r}")
    return f"{kind}:{record_id}:{field}"


def seal(data_key: DataKey, plaintext: str | bytes, context: str) -> bytes:
    """Encrypt ``plaintext`` (text is UTF-8 encoded) bound to ``context``."""
    data = plaintext.encode("utf-8") if isinstance(plaintext, str) else plaintext
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(data_key.secret).encrypt(nonce, _pad(data), _associated(context))
    return bytes([SEAL_VERSION]) + nonce + sealed


def open_sealed(data_key: DataKey, token: bytes, context: str) -> bytes:
    """Decrypt a token made by `seal` with the same key and context.

    Any failure — wrong key, wrong context, altered or truncated token, unknown
    version — raises `VaultError` with the same message.
    """
    if len(token) < 1 + _NONCE + _TAG + _PAD_BLOCK or token[0] != SEAL_VERSION:
        raise VaultError(N_("sealed value cannot be opened"))
    nonce, sealed = token[1 : 1 + _NONCE], token[1 + _NONCE :]
    try:
        padded = AESGCM(data_key.secret).decrypt(nonce, sealed, _associated(context))
    except InvalidTag:
        raise VaultError(N_("sealed value cannot be opened")) from None
    return _unpad(padded)


def open_sealed_text(data_key: DataKey, token: bytes, context: str) -> str:
    """`open_sealed` for values sealed from text."""
    try:
        return open_sealed(data_key, token, context).decode("utf-8")
    except UnicodeDecodeError:
        raise VaultError(N_("sealed value cannot be opened")) from None


def _associated(context: str) -> bytes:
    if not context:
        raise ValueError("a seal context must not be empty")
    return bytes([SEAL_VERSION]) + context.encode("utf-8")


def _pad(data: bytes) -> bytes:
    fill = _PAD_BLOCK - len(data) % _PAD_BLOCK  # 1..32: always at least the 0x80 marker
    return data + b"\x80" + b"\x00" * (fill - 1)


def _unpad(padded: bytes) -> bytes:
    end = padded.rstrip(b"\x00")
    if not end.endswith(b"\x80"):
        raise VaultError(N_("sealed value cannot be opened"))
    return end[:-1]
