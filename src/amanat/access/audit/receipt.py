"""Receipts: a signed checkpoint kept outside the database.

Whoever can write the database can delete the newest checkpoint together with every
entry after the checkpoint before it; the trail then looks exactly as it did when
that earlier checkpoint was signed, and nothing inside the database can tell.  A
receipt, written by ``amanat audit checkpoint --receipt FILE`` and kept elsewhere
(another machine, an auditor's mailbox, paper), remembers the head: verifying with
it proves that the trail still holds the entry it signs, with exactly that hash —
so nothing up to that entry was cut or rewritten since the receipt was taken.

A receipt is a small JSON document holding exactly what the checkpoint signs plus
the key id and signature, so it can be checked by anyone holding the verify key.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Collection
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from amanat.access.audit.chain import AuditEntry, format_timestamp
from amanat.access.audit.checkpoint import Checkpoint, verify_checkpoint
from amanat.access.audit.result import BreakReason
from amanat.access.audit.signing_key import public_key_id
from amanat.language.i18n import N_
from amanat.language.refusal import Refusal

RECEIPT_FORMAT = "amanat/audit-receipt/v1"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
_SIGNATURE_BYTES = 64


class ReceiptError(Refusal, ValueError):
    """A receipt that cannot be read or written; the message names the file."""


def receipt_text(checkpoint: Checkpoint) -> str:
    """The receipt of ``checkpoint`` as JSON text."""
    document = {
        "format": RECEIPT_FORMAT,
        "seq": checkpoint.seq,
        "entry_hash": checkpoint.entry_hash,
        "at": format_timestamp(checkpoint.at),
        "number": checkpoint.number,
        "key_id": checkpoint.key_id,
        "signature": base64.b64encode(checkpoint.signature).decode("ascii"),
    }
    return json.dumps(document, indent=2) + "\n"


def write_receipt(path: Path, checkpoint: Checkpoint) -> None:
    """Create ``path`` holding the receipt; an existing file is never replaced (a
    receipt is evidence, and an older one may be the only proof of a cut)."""
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(receipt_text(checkpoint))
    except FileExistsError:
        raise ReceiptError(
            N_("receipt %(path)s exists and is not overwritten"), path=path
        ) from None
    except OSError as exc:
        raise ReceiptError(
            N_("receipt %(path)s cannot be written: %(strerror)s"), path=path, strerror=exc.strerror
        ) from None


def read_receipt(path: Path) -> Checkpoint:
    """The checkpoint a receipt file holds; `ReceiptError` naming the file and field."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReceiptError(
            N_("receipt %(path)s cannot be read: %(strerror)s"), path=path, strerror=exc.strerror
        ) from None
    except (UnicodeDecodeError, ValueError):
        raise ReceiptError(N_("receipt %(path)s is not JSON"), path=path) from None
    if not isinstance(document, dict):
        raise ReceiptError(N_("receipt %(path)s is not a JSON object"), path=path)
    return _ReceiptFields(path, document).checkpoint()


class _ReceiptFields:
    """One receipt's fields, each checked with an error that names it and its value."""

    def __init__(self, path: Path, document: dict[str, object]) -> None:
        self.path, self.document = path, document

    def checkpoint(self) -> Checkpoint:
        if self.document.get("format") != RECEIPT_FORMAT:
            self._refuse("format", f"must be {RECEIPT_FORMAT!r}")
        number = self.document.get("number")
        return Checkpoint(
            seq=self._positive("seq"),
            entry_hash=self._text("entry_hash", _HEX64, "64 lowercase hex digits"),
            at=self._time("at"),
            key_id=self._text("key_id", _KEY_ID, "16 lowercase hex digits"),
            signature=self._signature("signature"),
            number=None if number is None else self._positive("number"),
        )

    def _refuse(self, field: str, why: str) -> NoReturn:
        shown = repr(self.document.get(field))
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        raise ReceiptError(
            N_("receipt %(path)s: %(field)r %(why)s, got %(shown)s"),
            path=self.path,
            field=field,
            why=why,
            shown=shown,
        )

    def _positive(self, field: str) -> int:
        value = self.document.get(field)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self._refuse(field, "must be a whole number from 1")
        return value

    def _text(self, field: str, pattern: re.Pattern[str], what: str) -> str:
        value = self.document.get(field)
        if not isinstance(value, str) or not pattern.fullmatch(value):
            self._refuse(field, f"must be {what}")
        return value

    def _time(self, field: str) -> datetime:
        value = self.document.get(field)
        try:
            at = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            at = None
        if at is None or at.utcoffset() is None:
            self._refuse(field, "must be a UTC time like 2025-03-01T08:00:00.000000Z")
        return at

    def _signature(self, field: str) -> bytes:
        value = self.document.get(field)
        try:
            raw = base64.b64decode(value, validate=True) if isinstance(value, str) else b""
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != _SIGNATURE_BYTES:
            self._refuse(field, f"must be the base64 of a {_SIGNATURE_BYTES}-byte signature")
        return raw


def check_receipt(
    receipt: Checkpoint,
    keys: Collection[Ed25519PublicKey],
    entry: AuditEntry | None,
    last_seq: int | None,
    stored: Checkpoint | None,
) -> tuple[BreakReason, str] | None:
    """Why the trail no longer holds what ``receipt`` signs, or None when it does.

    ``entry`` is the trail's entry at the receipt's seq (None: there is none),
    ``last_seq`` the trail's last seq, ``stored`` the database's checkpoint with the
    receipt's number.  The chain must have been verified first: then the entry's
    hash matching the receipt's vouches for every entry before it too.
    """
    key = {public_key_id(k): k for k in keys}.get(receipt.key_id)
    if key is None or not verify_checkpoint(key, receipt):
        why = "signed by an unknown key" if key is None else "signature invalid"
        return BreakReason.CHECKPOINT_SIGNATURE, f"{why}: not a receipt of this trail's key"
    seq = receipt.seq
    if entry is None:
        end = "the trail is empty" if last_seq is None else f"the trail ends at entry {last_seq}"
        first_cut = (last_seq or 0) + 1
        cut = f"entry {seq}" if first_cut == seq else f"entries {first_cut}–{seq}"
        return BreakReason.TRUNCATED, f"it signs entry {seq} but {end}: {cut} and after cut"
    if entry.entry_hash != receipt.entry_hash or format_timestamp(entry.at) != format_timestamp(
        receipt.at
    ):
        return (
            BreakReason.CHECKPOINT_MISMATCH,
            f"entry {seq} is not the one it signs: entries up to {seq} rewritten and re-hashed",
        )
    if receipt.number is not None and stored != receipt:
        return (
            BreakReason.CHECKPOINT_MISSING,
            f"its checkpoint {receipt.number} (entry {seq}) is gone from the database: deleted",
        )
    return None
