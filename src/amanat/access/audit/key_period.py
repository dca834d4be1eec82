"""The period in which a checkpoint signing key may sign: from its start to its retirement.

After ``amanat audit rotate-signing-key`` the old key is retired: a checkpoint it signs
for an entry made after that moment is refused by verification even though the
signature is sound, since the old private key may since have been lost or leaked.
A checkpoint is placed in time by the entry it signs (``Checkpoint.at``), the only
time the signature covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from amanat.access.audit.chain import format_timestamp


@dataclass(frozen=True)
class KeyPeriod:
    """``valid_from``/``valid_to`` None: from the trail's start / not retired."""

    key_id: str
    public_key: str  # base64 of the raw Ed25519 public key
    valid_from: datetime | None
    valid_to: datetime | None

    def refusal(self, signed_at: datetime) -> str | None:
        """Why a checkpoint of an entry made at ``signed_at`` is outside the period."""
        if self.valid_to is not None and signed_at > self.valid_to:
            return (
                f"signed by key {self.key_id} after its retirement at "
                f"{format_timestamp(self.valid_to)}"
            )
        if self.valid_from is not None and signed_at < self.valid_from:
            return (
                f"signed by key {self.key_id} before its period began at "
                f"{format_timestamp(self.valid_from)}"
            )
        return None
