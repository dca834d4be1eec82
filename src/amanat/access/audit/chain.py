"""Hash-chained audit entries.

Each entry's hash covers its own fields and the previous entry's hash, so editing,
deleting, inserting or reordering an entry breaks the chain from that point on
(`amanat.access.audit.verify`).  A rewritten and fully re-hashed tail is caught by
signed checkpoints (`amanat.access.audit.checkpoint`).

The hashed form is deterministic JSON — sorted keys, no whitespace, UTF-8, UTC
timestamps with microseconds — so another implementation (a database trigger, an
external auditor's script) can recompute every hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

DetailValue = str | int | bool | None

# The hash that the first entry chains to.
GENESIS_HASH = "0" * 64
# Bumped if the hashed form ever changes; part of every hashed entry.
CHAIN_FORMAT = 1


class AuditAction(StrEnum):
    """The events the trail records (an entry's ``action`` may also be any other string)."""

    READ = "read"
    SEARCH = "search"
    EXPORT = "export"
    SHARE = "share"
    APPROVE = "approve"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    WRITE = "write"


class AuditFields(Protocol):
    """The hashed fields of an entry; `AuditEntry` and `NewEntry` both have them."""

    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> datetime: ...
    @property
    def actor_user_id(self) -> int | None: ...
    @property
    def actor_org_id(self) -> int | None: ...
    @property
    def action(self) -> str: ...
    @property
    def target_kind(self) -> str | None: ...
    @property
    def target_id(self) -> str | None: ...
    @property
    def purpose(self) -> str | None: ...
    @property
    def detail(self) -> Mapping[str, DetailValue]: ...


@dataclass(frozen=True)
class NewEntry:
    """The fields of an entry before it is chained."""

    seq: int
    at: datetime
    actor_user_id: int | None
    actor_org_id: int | None
    action: str
    target_kind: str | None
    target_id: str | None
    purpose: str | None
    detail: Mapping[str, DetailValue]

    def __post_init__(self) -> None:
        # A value of the wrong type (an int target id) would hash differently after a
        # round trip through a text column and raise a false alarm; refuse it here.
        for name in ("actor_user_id", "actor_org_id"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise TypeError(f"{name} must be an int or None")
        for name in ("target_kind", "target_id", "purpose"):
            if not isinstance(getattr(self, name), str | None):
                raise TypeError(f"{name} must be a str or None")
        if not self.action or not isinstance(self.action, str):
            raise ValueError("an audit entry needs an action")


@dataclass(frozen=True)
class AuditEntry:
    """One link of the chain: who did what to which record, when, for what purpose."""

    seq: int
    at: datetime
    actor_user_id: int | None
    actor_org_id: int | None
    action: str
    target_kind: str | None
    target_id: str | None
    purpose: str | None
    detail: Mapping[str, DetailValue]
    prev_hash: str
    entry_hash: str


def format_timestamp(at: datetime) -> str:
    """UTC ISO 8601 with microseconds and ``Z``; a naive datetime is refused as ambiguous."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def canonical_bytes(fields: AuditFields) -> bytes:
    """The deterministic serialisation that is hashed."""
    for key, value in fields.detail.items():
        # Floats and nested values have no single JSON spelling, so they are refused.
        if not isinstance(key, str) or not isinstance(value, str | int | bool | type(None)):
            raise ValueError(f"audit detail {key!r}: values must be str, int, bool or None")
    document = {
        "v": CHAIN_FORMAT,
        "seq": fields.seq,
        "at": format_timestamp(fields.at),
        "actor_user_id": fields.actor_user_id,
        "actor_org_id": fields.actor_org_id,
        "action": fields.action,
        "target_kind": fields.target_kind,
        "target_id": fields.target_id,
        "purpose": fields.purpose,
        "detail": dict(fields.detail),
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def compute_hash(prev_hash: str, fields: AuditFields) -> str:
    """SHA-256 (hex) of the previous entry's hash, a newline, and this entry's fields."""
    digest = hashlib.sha256(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical_bytes(fields))
    return digest.hexdigest()


def next_entry(
    prev: AuditEntry | None,
    *,
    at: datetime,
    action: str,
    actor_user_id: int | None = None,
    actor_org_id: int | None = None,
    target_kind: str | None = None,
    target_id: str | None = None,
    purpose: str | None = None,
    detail: Mapping[str, DetailValue] | None = None,
) -> AuditEntry:
    """The entry that follows ``prev`` (or starts the chain at seq 1 when ``prev`` is None)."""
    fields = NewEntry(
        seq=1 if prev is None else prev.seq + 1,
        at=at.astimezone(UTC) if at.tzinfo is not None else at,
        actor_user_id=actor_user_id,
        actor_org_id=actor_org_id,
        action=str(action),
        target_kind=target_kind,
        target_id=target_id,
        purpose=purpose,
        detail=MappingProxyType(dict(detail or {})),
    )
    prev_hash = GENESIS_HASH if prev is None else prev.entry_hash
    return AuditEntry(
        seq=fields.seq,
        at=fields.at,
        actor_user_id=fields.actor_user_id,
        actor_org_id=fields.actor_org_id,
        action=fields.action,
        target_kind=fields.target_kind,
        target_id=fields.target_id,
        purpose=fields.purpose,
        detail=fields.detail,
        prev_hash=prev_hash,
        entry_hash=compute_hash(prev_hash, fields),
    )
