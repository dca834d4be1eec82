"""Property: any single-byte change to any entry's detail is detected at that entry."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from amanat.access.audit import AuditEntry, BreakReason, DetailValue, next_entry, verify_chain

START = datetime(2025, 3, 1, tzinfo=UTC)
KEY = Ed25519PrivateKey.generate().public_key()

_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=4, max_size=16)
_value = st.one_of(_text, st.integers(-(10**6), 10**6), st.booleans(), st.none())
_detail = st.dictionaries(
    st.text(st.characters(min_codepoint=0x61, max_codepoint=0x7A), min_size=1, max_size=8),
    _value,
    min_size=1,
    max_size=5,
)


def _chain(details: list[dict[str, DetailValue]]) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    prev = None
    for i, detail in enumerate(details):
        prev = next_entry(prev, at=START + timedelta(seconds=i), action="search", detail=detail)
        entries.append(prev)
    return entries


def _valid_detail(raw: bytes) -> dict[str, DetailValue] | None:
    try:
        parsed = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(parsed, dict):
        return None
    if not all(isinstance(v, str | int | bool | type(None)) for v in parsed.values()):
        return None
    return parsed


@settings(max_examples=300, deadline=None)
@given(
    details=st.lists(_detail, min_size=1, max_size=12),
    which=st.integers(min_value=0),
    position=st.integers(min_value=0),
    replacement=st.integers(min_value=0x20, max_value=0x7E).filter(lambda b: b not in b'"\\'),
)
def test_single_byte_change_in_detail_is_detected(
    details: list[dict[str, DetailValue]], which: int, position: int, replacement: int
) -> None:
    entries = _chain(details)
    target = entries[which % len(entries)]
    raw = bytearray(json.dumps(dict(target.detail), sort_keys=True, separators=(",", ":")).encode())
    position %= len(raw)
    assume(raw[position] != replacement)
    raw[position] = replacement
    mutated = _valid_detail(bytes(raw))
    assume(mutated is not None and mutated != dict(target.detail))
    assert mutated is not None
    entries[target.seq - 1] = dataclasses.replace(target, detail=mutated)
    result = verify_chain(entries, [], KEY)
    assert not result.ok
    assert (result.broken_seq, result.reason) == (target.seq, BreakReason.HASH_MISMATCH)
