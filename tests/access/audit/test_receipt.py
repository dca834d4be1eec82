"""Receipts: a signed checkpoint written to a file, read back, and held against the trail."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from amanat.access.audit import (
    RECEIPT_FORMAT,
    AuditEntry,
    BreakReason,
    Checkpoint,
    ReceiptError,
    check_receipt,
    public_key_id,
    read_receipt,
    receipt_text,
    sign_checkpoint,
    write_receipt,
)

Chain = tuple[AuditEntry, ...]


@pytest.fixture
def receipt(chain: Chain, signing_key: Ed25519PrivateKey) -> Checkpoint:
    return sign_checkpoint(signing_key, chain[499], 5)


def test_a_receipt_round_trips(receipt: Checkpoint, tmp_path: Path) -> None:
    path = tmp_path / "head.json"
    write_receipt(path, receipt)
    assert read_receipt(path) == receipt
    document = json.loads(path.read_text())
    assert document["format"] == RECEIPT_FORMAT
    assert (document["seq"], document["number"]) == (500, 5)
    assert document["entry_hash"] == receipt.entry_hash and document["key_id"] == receipt.key_id
    assert document["at"].endswith("Z")


def test_a_receipt_is_never_overwritten(
    receipt: Checkpoint, chain: Chain, signing_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    path = tmp_path / "head.json"
    write_receipt(path, receipt)
    with pytest.raises(ReceiptError, match="exists and is not overwritten"):
        write_receipt(path, sign_checkpoint(signing_key, chain[0], 1))
    assert read_receipt(path) == receipt


def _document(receipt: Checkpoint) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(receipt_text(receipt))
    return loaded


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("format", "amanat/audit-receipt/v9", "'format' must be 'amanat/audit-receipt/v1'"),
        ("seq", "500", "'seq' must be a whole number from 1, got '500'"),
        ("seq", 0, "'seq' must be a whole number from 1, got 0"),
        ("seq", True, "'seq' must be a whole number"),
        ("seq", None, "'seq' must be a whole number from 1, got None"),
        ("number", 0, "'number' must be a whole number from 1"),
        ("entry_hash", "AB" * 32, "'entry_hash' must be 64 lowercase hex digits"),
        ("at", "2025-03-01T08:00:00", "'at' must be a UTC time"),
        ("at", "yesterday", "'at' must be a UTC time"),
        ("key_id", "k", "'key_id' must be 16 lowercase hex digits"),
        ("signature", "not base64!", "'signature' must be the base64 of a 64-byte signature"),
        ("signature", "AAAA", "'signature' must be the base64 of a 64-byte signature"),
    ],
)
def test_a_malformed_receipt_names_its_file_and_field(
    receipt: Checkpoint, tmp_path: Path, field: str, value: object, words: str
) -> None:
    document = _document(receipt)
    document[field] = value
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ReceiptError) as caught:
        read_receipt(path)
    assert str(caught.value).startswith(f"receipt {path}: ")
    assert words in str(caught.value)


def test_a_long_bad_value_is_shortened(receipt: Checkpoint, tmp_path: Path) -> None:
    document = _document(receipt)
    document["key_id"] = "x" * 500
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ReceiptError) as caught:
        read_receipt(path)
    assert len(str(caught.value)) < len(str(path)) + 120


@pytest.mark.parametrize(
    ("content", "words"), [(b"{not json", "is not JSON"), (b"[1, 2]", "is not a JSON object")]
)
def test_a_receipt_that_is_not_one(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(content)
    with pytest.raises(ReceiptError, match=words):
        read_receipt(path)
    with pytest.raises(ReceiptError, match="cannot be read"):
        read_receipt(tmp_path / "absent.json")


def _check(
    receipt: Checkpoint,
    key: Ed25519PrivateKey,
    entries: Chain,
    stored: Checkpoint | None = None,
) -> tuple[BreakReason, str] | None:
    entry = next((e for e in entries if e.seq == receipt.seq), None)
    last = entries[-1].seq if entries else None
    return check_receipt(receipt, [key.public_key()], entry, last, stored or receipt)


def test_the_trail_holds_its_receipt(
    receipt: Checkpoint, chain: Chain, signing_key: Ed25519PrivateKey
) -> None:
    assert _check(receipt, signing_key, chain) is None
    assert _check(receipt, signing_key, chain[:500]) is None


def test_entries_cut_before_the_receipt(
    receipt: Checkpoint, chain: Chain, signing_key: Ed25519PrivateKey
) -> None:
    assert _check(receipt, signing_key, chain[:450]) == (
        BreakReason.TRUNCATED,
        "it signs entry 500 but the trail ends at entry 450: entries 451–500 and after cut",
    )
    assert _check(receipt, signing_key, chain[:499]) == (
        BreakReason.TRUNCATED,
        "it signs entry 500 but the trail ends at entry 499: entry 500 and after cut",
    )
    problem = _check(receipt, signing_key, ())
    assert problem is not None and "the trail is empty: entries 1–500" in problem[1]


def test_the_entry_of_the_receipt_rewritten(
    receipt: Checkpoint, chain: Chain, signing_key: Ed25519PrivateKey
) -> None:
    rewritten = list(chain)
    rewritten[499] = dataclasses.replace(chain[499], entry_hash="f" * 64)
    problem = _check(receipt, signing_key, tuple(rewritten))
    assert problem is not None and problem[0] == BreakReason.CHECKPOINT_MISMATCH
    assert "entries up to 500 rewritten" in problem[1]


def test_a_forged_or_foreign_receipt(
    receipt: Checkpoint, chain: Chain, signing_key: Ed25519PrivateKey
) -> None:
    # Moved back to an entry that survived a cut: the signature no longer holds.
    moved = dataclasses.replace(receipt, seq=400, entry_hash=chain[399].entry_hash)
    assert _check(moved, signing_key, chain[:450]) == (
        BreakReason.CHECKPOINT_SIGNATURE,
        "signature invalid: not a receipt of this trail's key",
    )
    other = Ed25519PrivateKey.generate()
    foreign = sign_checkpoint(other, chain[499], 5)
    assert foreign.key_id == public_key_id(other.public_key())
    problem = _check(foreign, signing_key, chain)
    assert problem is not None and problem[1].startswith("signed by an unknown key")


def test_the_checkpoint_of_the_receipt_deleted_from_the_database(
    receipt: Checkpoint, chain: Chain, signing_key: Ed25519PrivateKey
) -> None:
    entry, public = chain[499], [signing_key.public_key()]
    assert check_receipt(receipt, public, entry, 1000, None) == (
        BreakReason.CHECKPOINT_MISSING,
        "its checkpoint 5 (entry 500) is gone from the database: deleted",
    )
    other = sign_checkpoint(signing_key, chain[599], 5)
    assert check_receipt(receipt, public, entry, 1000, other) is not None
