"""Master key and per-organisation data keys.

One master key per deployment, read from a key file or the ``AMANAT_MASTER_KEY``
environment variable.  It never encrypts records itself: it wraps the data keys
(`amanat.access.vault.wrap`) and, through HKDF, yields the separate keys for
pseudonyms and blind indexes, so no key is used for two purposes.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from amanat.access.key_file import KeyLoadError, decode_base64_key, read_key_file, write_key_file
from amanat.language.i18n import N_

MASTER_KEY_ENV = "AMANAT_MASTER_KEY"
KEY_SIZE = 32  # AES-256
KEY_ID_BYTES = 8  # 64-bit fingerprint: enough to tell keys apart, too short to matter
_BASE64_TEXT = re.compile(rb"[A-Za-z0-9+/=\s]+")


@dataclass(frozen=True)
class MasterKey:
    """The deployment's master key.  Its repr shows only the key identifier."""

    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) != KEY_SIZE:
            raise ValueError(f"a master key has {KEY_SIZE} bytes, got {len(self.secret)}")

    @property
    def key_id(self) -> str:
        """A short hex fingerprint, stored beside wrapped keys to detect a rotation."""
        return derive_subkey(self, "key-id/v1")[:KEY_ID_BYTES].hex()

    def __repr__(self) -> str:
        return f"MasterKey(key_id={self.key_id!r})"


@dataclass(frozen=True)
class DataKey:
    """One organisation's data key; seals that organisation's protected fields."""

    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) != KEY_SIZE:
            raise ValueError(f"a data key has {KEY_SIZE} bytes, got {len(self.secret)}")

    def __repr__(self) -> str:
        return "DataKey(<secret>)"


def generate_data_key() -> DataKey:
    return DataKey(os.urandom(KEY_SIZE))


def generate_master_key() -> MasterKey:
    return MasterKey(os.urandom(KEY_SIZE))


def derive_subkey(master: MasterKey, label: str) -> bytes:
    """A 32-byte key for one purpose, derived from the master key with HKDF-SHA256.

    Different labels give independent keys; the label is public, the result is not.
    """
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=None, info=_info(label))
    return hkdf.derive(master.secret)


def _info(label: str) -> bytes:
    return b"amanat/" + label.encode("utf-8")


def load_master_key(path: Path | None, env: Mapping[str, str]) -> MasterKey:
    """Load the master key from ``path`` if given, otherwise from ``AMANAT_MASTER_KEY``.

    A key file holds either 32 raw bytes or the base64 text of 32 bytes, and must not
    be accessible by group or others.  The variable holds base64 text.  Raises
    `KeyLoadError`, whose message names the file or variable and never the key.
    """
    if path is not None:
        data = read_key_file(path, "master key")
        # 32 bytes that are all base64 characters are the text of a shorter key, not a
        # raw key: a random raw key looks like that with probability below 1e-19.
        if len(data) == KEY_SIZE and not _BASE64_TEXT.fullmatch(data):
            return MasterKey(data)
        return MasterKey(decode_base64_key(data, KEY_SIZE, f"master key file {path}"))
    text = env.get(MASTER_KEY_ENV)
    if text is None or not text.strip():
        raise KeyLoadError(
            N_("no master key: set %(setting)s (base64 of 32 bytes) or give a key file"),
            setting=MASTER_KEY_ENV,
        )
    return MasterKey(decode_base64_key(text, KEY_SIZE, MASTER_KEY_ENV))


def generate_master_key_file(path: Path) -> MasterKey:
    """Write a new random master key to ``path`` (base64 text, mode 0600) and return it.

    Refuses to overwrite an existing file: a replaced master key loses every data key.
    """
    key = generate_master_key()
    write_key_file(path, base64.b64encode(key.secret) + b"\n")
    return key
