"""Vault exceptions."""

from __future__ import annotations

from amanat.language.refusal import Refusal


class VaultError(Refusal):
    """A sealed value or wrapped key could not be opened.

    Deliberately without detail: whether the tag, the context, the key or the format
    was wrong is not told, so the error cannot serve as an oracle.
    """


class MasterKeyMismatchError(VaultError):
    """A data key was wrapped under a different master key than the one loaded.

    Not tampering but configuration (a rotated or wrong key), so the message names both
    key identifiers; identifiers are fingerprints and reveal nothing about the keys.
    """
