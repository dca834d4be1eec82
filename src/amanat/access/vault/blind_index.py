"""Blind indexes: equality search on protected values without decrypting them.

A blind index is an HMAC of a normalised value (a document number, a name key) under
a key derived from the master key, one key per kind of value.  Stored beside the
sealed value, it lets a future hit/no-hit search test "is this document number
already known?" by comparing indexes, while the database holds no plaintext.

What it does not hide: rows with equal values have equal indexes, so anyone reading
the database sees which records share a value (that is what makes the search work).
Guessing a value needs the master key, because the HMAC key is derived from it.
Normalisation (case, spacing, script) is the caller's job: values that should match
must be normalised to the same string first.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

from amanat.access.vault.keys import MasterKey, derive_subkey

# 128 bits: collisions are out of reach, and the index column stays small.
INDEX_HEX_LENGTH = 32


@dataclass(frozen=True)
class BlindIndexKey:
    secret: bytes = field(repr=False)

    def __repr__(self) -> str:
        return "BlindIndexKey(<secret>)"


def derive_blind_index_key(master: MasterKey, value_kind: str) -> BlindIndexKey:
    """The key for one kind of value (``"document_number"``, ``"name_key"``).

    Separate keys per kind keep equal strings in different fields from matching.
    """
    if not value_kind:
        raise ValueError("value_kind must not be empty")
    return BlindIndexKey(derive_subkey(master, f"blind-index/v1/{value_kind}"))


def blind_index(key: BlindIndexKey, normalised_value: str) -> str:
    """The hex blind index of an already normalised value."""
    if not normalised_value:
        raise ValueError("cannot index an empty value")
    mac = hmac.new(key.secret, normalised_value.encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()[:INDEX_HEX_LENGTH]
