"""Audit fixtures.

- ``signing_key``: one Ed25519 key for the session.
- ``chain``: 1,000 entries (seq 1–1000) of mixed actions, built once; a tuple, so
  tests build altered copies with ``list(chain)`` and never change it.
- ``checkpoints``: signed every 100 entries up to 900, leaving a 100-entry unsigned tail;
  unnumbered, as checkpoints were signed before numbering (format v1).
- ``numbered``: the same entries signed as checkpoints 1–9, as the store signs them now.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from amanat.access.audit import AuditAction, AuditEntry, Checkpoint, next_entry, sign_checkpoint

START = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
ACTIONS = list(AuditAction)


def _entry_fields(i: int) -> dict[str, object]:
    """Fields of the i-th entry (0-based) of a synthetic trail."""
    return {
        "at": START + timedelta(seconds=7 * i, microseconds=i),
        "action": ACTIONS[i % len(ACTIONS)],
        "actor_user_id": 10 + i % 5,
        "actor_org_id": 1 + i % 3,
        "target_kind": "person" if i % 2 else "case",
        "target_id": str(1000 + i),
        "purpose": ("assistance", "prosecution", "research", None)[i % 4],
        "detail": {"query": f"name key {i}", "hits": i % 7, "exported": i % 2 == 0, "note": None},
    }


def _build_chain(count: int) -> Iterator[AuditEntry]:
    prev = None
    for i in range(count):
        prev = next_entry(prev, **_entry_fields(i))  # type: ignore[arg-type]
        yield prev


@pytest.fixture(scope="session")
def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="session")
def chain() -> tuple[AuditEntry, ...]:
    return tuple(_build_chain(1000))


@pytest.fixture(scope="session")
def checkpoints(
    chain: tuple[AuditEntry, ...], signing_key: Ed25519PrivateKey
) -> tuple[Checkpoint, ...]:
    return tuple(
        sign_checkpoint(signing_key, e) for e in chain if e.seq % 100 == 0 and e.seq < 1000
    )


@pytest.fixture(scope="session")
def numbered(
    chain: tuple[AuditEntry, ...], signing_key: Ed25519PrivateKey
) -> tuple[Checkpoint, ...]:
    return tuple(
        sign_checkpoint(signing_key, entry, number)
        for number, entry in enumerate(chain[99:900:100], start=1)
    )
