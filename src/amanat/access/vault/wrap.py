"""Wrapping per-organisation data keys under the master key.

AES-256-GCM rather than AES key wrap (RFC 3394, ``keywrap``): key wrap has no
associated data, so binding a wrapped key to its organisation would need a second
derived key per organisation.  GCM takes the organisation id as associated data
directly, and it is the same primitive as the field cipher.  Its random 96-bit nonce
is safe here because wraps are rare (one per organisation per rotation).

Wrapped key layout: version (1) | master key id (8) | nonce (12) | ciphertext+tag (48).
The header is authenticated with the organisation id, so a wrapped key copied to
another organisation's row, or edited, fails to unwrap.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from amanat.access.vault.errors import MasterKeyMismatchError, VaultError
from amanat.access.vault.keys import KEY_ID_BYTES, KEY_SIZE, DataKey, MasterKey, derive_subkey
from amanat.language.i18n import N_

WRAP_VERSION = 1
_NONCE = 12
_HEADER = 1 + KEY_ID_BYTES
WRAPPED_KEY_SIZE = _HEADER + _NONCE + KEY_SIZE + 16


def wrap_data_key(master: MasterKey, data_key: DataKey, org_id: int) -> bytes:
    """Encrypt ``data_key`` for storage in organisation ``org_id``'s row."""
    header = bytes([WRAP_VERSION]) + bytes.fromhex(master.key_id)
    nonce = os.urandom(_NONCE)
    sealed = _aead(master).encrypt(nonce, data_key.secret, _associated(header, org_id))
    return header + nonce + sealed


def unwrap_data_key(master: MasterKey, wrapped: bytes, org_id: int) -> DataKey:
    """Recover organisation ``org_id``'s data key.

    Raises `MasterKeyMismatchError` if the key was wrapped under another master key
    (see `wrapped_key_id`), and `VaultError` if it was altered or belongs to another
    organisation.
    """
    if len(wrapped) != WRAPPED_KEY_SIZE or wrapped[0] != WRAP_VERSION:
        raise VaultError(N_("wrapped data key cannot be opened"))
    found = wrapped_key_id(wrapped)
    if found != master.key_id:
        raise MasterKeyMismatchError(
            N_(
                "data key was wrapped under master key %(found)s; the loaded "
                "master key is %(key_id)s"
            ),
            found=found,
            key_id=master.key_id,
        )
    header, nonce, sealed = wrapped[:_HEADER], wrapped[_HEADER : _HEADER + _NONCE], wrapped[-48:]
    try:
        secret = _aead(master).decrypt(nonce, sealed, _associated(header, org_id))
    except InvalidTag:
        raise VaultError(N_("wrapped data key cannot be opened")) from None
    return DataKey(secret)


def rewrap_data_key(old: MasterKey, new: MasterKey, wrapped: bytes, org_id: int) -> bytes:
    """Re-wrap a data key under a new master key (rotation); sealed fields stay as they are."""
    return wrap_data_key(new, unwrap_data_key(old, wrapped, org_id), org_id)


def wrapped_key_id(wrapped: bytes) -> str:
    """The identifier of the master key a wrapped data key claims to be wrapped under."""
    return wrapped[1:_HEADER].hex()


def _aead(master: MasterKey) -> AESGCM:
    return AESGCM(derive_subkey(master, "wrap/v1"))


def _associated(header: bytes, org_id: int) -> bytes:
    if isinstance(org_id, bool) or not isinstance(org_id, int):
        raise TypeError("org_id must be an int")
    return header + b"org:" + str(org_id).encode("ascii")
