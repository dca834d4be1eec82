"""The running service signs audit checkpoints when it holds the signing key."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from amanat.access import audit_store
from amanat.access.audit import (
    generate_signing_key_file,
    load_signing_key,
    load_verify_key,
    write_verify_key_file,
)
from amanat.access.audit.verify import verify_chain
from amanat.service import checkpoints
from amanat.service.app import create_app
from amanat.service.settings import ServiceSettings
from amanat.store.engine import transaction


def _append(engine: Engine, n: int) -> None:
    with transaction(engine) as session:
        audit_store.append_many(
            session, [audit_store.Pending("read", 1, 1, "case", i) for i in range(n)]
        )


def test_a_checkpoint_is_signed_once_enough_entries_follow(engine: Engine, tmp_path: Path) -> None:
    public = generate_signing_key_file(tmp_path / "signing.key")
    key = load_signing_key(tmp_path / "signing.key", {})
    _append(engine, audit_store.CHECKPOINT_EVERY - 1)
    assert checkpoints.sign_if_due(engine, key) is None
    _append(engine, 1)
    signed = checkpoints.sign_if_due(engine, key)
    assert signed is not None and signed.seq == audit_store.CHECKPOINT_EVERY
    assert checkpoints.sign_if_due(engine, key) is None  # nothing new since
    write_verify_key_file(tmp_path / "verify.key", public)
    with transaction(engine) as session:
        result = verify_chain(
            audit_store.stream_entries(session),
            audit_store.checkpoints(session),
            load_verify_key(tmp_path / "verify.key", {}),
        )
    assert result.ok and result.last_checkpoint_seq == audit_store.CHECKPOINT_EVERY


def test_the_service_signs_while_it_runs(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_signing_key_file(tmp_path / "signing.key")
    settings = ServiceSettings(audit_signing_key_file=tmp_path / "signing.key")
    monkeypatch.setattr(audit_store, "CHECKPOINT_EVERY", 3)
    monkeypatch.setattr(checkpoints, "CHECKPOINT_EVERY", 3)
    _append(engine, 5)
    with TestClient(create_app(settings, engine=engine)):
        pass  # the signer looks once at start, and stops with the service
    with transaction(engine) as session:
        assert [c.seq for c in audit_store.checkpoints(session)] == [5]


def test_a_signer_that_loses_the_race_signs_nothing(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers look at once and both take the next number: the unique index lets
    the first sign, and the second signs nothing rather than a duplicate."""
    generate_signing_key_file(tmp_path / "signing.key")
    key = load_signing_key(tmp_path / "signing.key", {})
    _append(engine, audit_store.CHECKPOINT_EVERY)
    first = checkpoints.sign_if_due(engine, key)
    assert first is not None and first.number == 1
    _append(engine, audit_store.CHECKPOINT_EVERY)
    # What the second worker read before the first committed.
    monkeypatch.setattr(audit_store, "_next_number", lambda session: 1)
    assert checkpoints.sign_if_due(engine, key) is None
    with transaction(engine) as session:
        assert [(c.seq, c.number) for c in audit_store.checkpoints(session)] == [
            (audit_store.CHECKPOINT_EVERY, 1)
        ]
