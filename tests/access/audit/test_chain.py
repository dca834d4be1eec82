"""Chained entries and their canonical, hashed form."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from amanat.access.audit import (
    GENESIS_HASH,
    AuditAction,
    canonical_bytes,
    compute_hash,
    next_entry,
)

AT = datetime(2025, 3, 1, 8, 0, 0, 5, tzinfo=UTC)


def test_first_entry_starts_at_seq_1_from_the_genesis_hash() -> None:
    first = next_entry(None, at=AT, action=AuditAction.LOGIN, actor_user_id=4)
    assert first.seq == 1 and first.prev_hash == GENESIS_HASH
    second = next_entry(first, at=AT, action=AuditAction.READ, actor_user_id=4)
    assert second.seq == 2 and second.prev_hash == first.entry_hash
    assert second.entry_hash == compute_hash(first.entry_hash, second)


def test_canonical_form_is_pinned() -> None:
    # Pinned so a database trigger or an auditor's script can rely on the exact bytes.
    entry = next_entry(
        None,
        at=AT,
        action="read",
        actor_user_id=4,
        actor_org_id=2,
        target_kind="person",
        target_id="123",
        purpose="assistance",
        detail={"fields": "name", "ok": True, "n": 3, "z": None, "имя": "Ерлан"},
    )
    expected = (
        '{"action":"read","actor_org_id":2,"actor_user_id":4,"at":"2025-03-01T08:00:00.000005Z",'
        '"detail":{"fields":"name","n":3,"ok":true,"z":null,"имя":"Ерлан"},"purpose":"assistance",'
        '"seq":1,"target_id":"123","target_kind":"person","v":1}'
    ).encode()
    assert canonical_bytes(entry) == expected
    assert entry.entry_hash == hashlib.sha256(GENESIS_HASH.encode() + b"\n" + expected).hexdigest()


def test_detail_order_and_time_zone_do_not_change_the_hash() -> None:
    almaty = timezone(timedelta(hours=5))
    one = next_entry(None, at=AT, action="search", detail={"a": 1, "b": "x"})
    two = next_entry(None, at=AT.astimezone(almaty), action="search", detail={"b": "x", "a": 1})
    assert one.entry_hash == two.entry_hash
    assert two.at.tzinfo == UTC


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_entry(None, at=datetime(2025, 3, 1), action="login")


@pytest.mark.parametrize("value", [1.5, [1], {"a": 1}, b"x"])
def test_detail_values_without_one_json_spelling_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match="detail"):
        next_entry(None, at=AT, action="write", detail={"v": value})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("field", "value"),
    [("target_id", 123), ("actor_user_id", "4"), ("actor_org_id", True), ("purpose", 1)],
)
def test_fields_of_the_wrong_type_are_refused(field: str, value: object) -> None:
    with pytest.raises(TypeError, match=field):
        next_entry(None, at=AT, action="read", **{field: value})  # type: ignore[arg-type]


def test_an_entry_needs_an_action() -> None:
    with pytest.raises(ValueError, match="action"):
        next_entry(None, at=AT, action="")


def test_detail_is_copied_and_read_only() -> None:
    detail: dict[str, str | int | bool | None] = {"q": "x"}
    entry = next_entry(None, at=AT, action="search", detail=detail)
    detail["q"] = "changed"
    assert entry.detail == {"q": "x"}
    with pytest.raises(TypeError):
        entry.detail["q"] = "y"  # type: ignore[index]


def test_entries_are_frozen() -> None:
    entry = next_entry(None, at=AT, action="login")
    with pytest.raises(AttributeError):
        entry.action = "logout"  # type: ignore[misc]


def test_hashing_is_linear_in_the_previous_hash() -> None:
    entry = next_entry(None, at=AT, action="login")
    assert compute_hash("1" * 64, entry) != entry.entry_hash
