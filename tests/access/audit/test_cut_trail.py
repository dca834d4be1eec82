"""A trail cut short in the database fails `amanat audit verify`, on SQLite and PostgreSQL.

Driven through the CLI (typer's runner in-process, and the installed command in a
subprocess).  The trail: 50 entries written two hours ago, signed every 20 entries
as it was written (checkpoints 1 and 2, at entries 20 and 40), then a receipt of
entry 50 taken with ``amanat audit checkpoint --receipt`` (checkpoint 3).  Rows are
deleted as an operator who can switch the append-only triggers off would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from amanat.access import audit_store
from amanat.access.audit import (
    compute_hash,
    generate_signing_key_file,
    load_signing_key,
    load_verify_key,
    public_key_base64,
    sign_checkpoint,
    write_receipt,
    write_verify_key_file,
)
from amanat.cli.audit import app
from amanat.register.base import utcnow
from amanat.store.engine import transaction

EVERY = 20
ENTRIES = 50
runner = CliRunner()


@dataclass(frozen=True)
class Trail:
    engine: Engine
    url: str
    signing_key: Path
    verify_key: Path
    receipt: Path


def _write(engine: Engine, key: Path, count: int, every: int) -> None:
    """``count`` entries a second apart, two hours ago, signed every ``every``."""
    signing_key = load_signing_key(key, {})
    start = utcnow() - timedelta(hours=2)
    with transaction(engine) as session:
        for n in range(count):
            audit_store.append_chained(
                session,
                [audit_store.Pending("read", 7, 3, "case", n, "assistance", {"n": n})],
                signing_key=signing_key if (n + 1) % every == 0 else None,
                now=start + timedelta(seconds=n),
            )


def _keys(folder: Path) -> tuple[Path, Path]:
    public = generate_signing_key_file(folder / "signing.key")
    write_verify_key_file(folder / "verify.key", public)
    return folder / "signing.key", folder / "verify.key"


def _cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def trail(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Trail:
    monkeypatch.setattr(audit_store, "CHECKPOINT_EVERY", EVERY)
    signing_key, verify_key = _keys(tmp_path)
    _write(engine, signing_key, ENTRIES, EVERY)
    url = engine.url.render_as_string(hide_password=False)
    receipt = tmp_path / "head.json"
    code, output = _cli(
        "checkpoint", "--signing-key", str(signing_key), "--receipt", str(receipt), "-d", url
    )
    assert code == 0, output
    assert f"Signed entry {ENTRIES} (checkpoint 3)" in output and receipt.exists()
    return Trail(engine, url, signing_key, verify_key, receipt)


def _verify(trail: Trail, *receipts: Path) -> tuple[int, str]:
    given = [arg for path in receipts for arg in ("--receipt", str(path))]
    return _cli("verify", "--verify-key", str(trail.verify_key), *given, "-d", trail.url)


def _as_superuser(engine: Engine, *statements: str) -> None:
    """Tamper as an operator with the rights to switch the append-only guard off."""
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        for table in ("audit_entry", "audit_checkpoint"):
            if postgres:
                connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            else:
                for event in ("update", "delete"):
                    connection.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{event}"))
        for statement in statements:
            connection.execute(text(statement))
        if postgres:
            for table in ("audit_entry", "audit_checkpoint"):
                connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))


def test_an_untouched_trail_verifies_with_and_without_its_receipt(trail: Trail) -> None:
    code, output = _verify(trail)
    assert code == 0, output
    assert "Audit trail intact" in output and "0 in the unsigned tail" in output
    code, output = _verify(trail, trail.receipt, trail.receipt)
    assert code == 0, output
    assert f"receipts held: entry 50 ({trail.receipt})" in output


def test_the_verify_key_from_the_environment_or_the_settings(
    trail: Trail, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    _as_superuser(trail.engine, "DELETE FROM audit_checkpoint WHERE number = 1")
    public = public_key_base64(load_verify_key(trail.verify_key, {}))
    monkeypatch.setenv("AMANAT_AUDIT_VERIFY_KEY", public)
    code, output = _cli("verify", "-d", trail.url)
    assert code == 1 and "checkpoint 1 missing" in output, output
    monkeypatch.delenv("AMANAT_AUDIT_VERIFY_KEY")
    monkeypatch.setenv("AMANAT_AUDIT_VERIFY_KEY_FILE", str(trail.verify_key))
    code, output = _cli("verify", "-d", trail.url)
    assert code == 1 and "checkpoint 1 missing" in output, output


def test_an_unsigned_tail_is_a_warning(trail: Trail) -> None:
    _write(trail.engine, trail.signing_key, 5, EVERY)
    code, output = _verify(trail, trail.receipt)
    assert code == 0, output
    assert "Warning: entries 51–55 are not signed yet" in output


@pytest.mark.parametrize(
    ("cut", "words"),
    [
        (
            [
                "DELETE FROM audit_entry WHERE seq > 40",
                "DELETE FROM audit_checkpoint WHERE seq > 20",
            ],
            "broken at entry 40 (checkpoint_overdue): entries 21–40 are unsigned: a checkpoint "
            "fell due at entry 40",
        ),
        (
            ["DELETE FROM audit_entry WHERE seq > 30", "DELETE FROM audit_checkpoint"],
            "broken at entry 20 (checkpoint_overdue): no signed checkpoint on a trail of 30 "
            "entries",
        ),
    ],
    ids=["newest-checkpoints", "every-checkpoint"],
)
def test_newest_entries_and_their_checkpoints_deleted(
    trail: Trail, cut: list[str], words: str
) -> None:
    """The defect: today's code said "intact" here."""
    _as_superuser(trail.engine, *cut)
    code, output = _verify(trail)
    assert code == 1, output
    assert words in output


def test_a_checkpoint_deleted_from_the_series(trail: Trail) -> None:
    _as_superuser(trail.engine, "DELETE FROM audit_checkpoint WHERE number = 1")
    code, output = _verify(trail)
    assert code == 1, output
    assert "broken at entry 40 (checkpoint_missing): checkpoint 1 missing before checkpoint 2" in (
        output
    )


def test_the_last_checkpoint_past_the_end_of_the_chain(trail: Trail) -> None:
    _as_superuser(trail.engine, "DELETE FROM audit_entry WHERE seq > 45")
    code, output = _verify(trail)
    assert code == 1, output
    assert "(truncated): a signed checkpoint names entry 50 but the chain ends at entry 45" in (
        output
    )


@pytest.mark.parametrize(
    ("cut", "words"),
    [
        (
            [
                "DELETE FROM audit_entry WHERE seq > 20",
                "DELETE FROM audit_checkpoint WHERE seq > 20",
            ],
            "the trail ends at entry 20: entries 21–50 and after cut",
        ),
        (
            [
                "DELETE FROM audit_entry WHERE seq > 40",
                "DELETE FROM audit_checkpoint WHERE seq > 40",
            ],
            "the trail ends at entry 40: entries 41–50 and after cut",
        ),
    ],
    ids=["back-to-checkpoint-1", "back-to-checkpoint-2"],
)
def test_a_cut_back_to_an_earlier_checkpoint_takes_the_receipt(
    trail: Trail, cut: list[str], words: str
) -> None:
    """The documented limit: cut back to exactly an earlier checkpoint, the trail
    inside the database looks as it did then.  The receipt taken before shows it."""
    _as_superuser(trail.engine, *cut)
    code, output = _verify(trail)
    assert code == 0, output
    code, output = _verify(trail, trail.receipt)
    assert code == 1, output
    assert f"broken at entry 50 (truncated): receipt {trail.receipt}: it signs entry 50 but" in (
        output
    )
    assert words in output


def test_a_rewritten_tail_takes_the_receipt(trail: Trail) -> None:
    """Entries 41–50 rewritten and re-hashed, checkpoint 3 deleted: the chain holds and
    ten unsigned entries are not yet due, but entry 50 is not what the receipt signs."""
    with transaction(trail.engine) as session:
        entries = list(audit_store.stream_entries(session))
    updates, previous = [], entries[39].entry_hash
    for entry in entries[40:]:
        forged = replace(entry, purpose="research", prev_hash=previous)
        previous = compute_hash(previous, forged)
        updates.append(
            f"UPDATE audit_entry SET purpose = 'research', prev_hash = '{forged.prev_hash}', "
            f"entry_hash = '{previous}' WHERE seq = {entry.seq}"
        )
    _as_superuser(trail.engine, "DELETE FROM audit_checkpoint WHERE number = 3", *updates)
    code, output = _verify(trail)
    assert code == 0, output
    code, output = _verify(trail, trail.receipt)
    assert code == 1, output
    assert "(checkpoint_mismatch): receipt" in output
    assert "entry 50 is not the one it signs: entries up to 50 rewritten" in output


def test_only_the_checkpoint_of_a_receipt_deleted(trail: Trail) -> None:
    _as_superuser(trail.engine, "DELETE FROM audit_checkpoint WHERE number = 3")
    assert _verify(trail)[0] == 0
    code, output = _verify(trail, trail.receipt)
    assert code == 1, output
    assert "its checkpoint 3 (entry 50) is gone from the database: deleted" in output


def test_a_receipt_of_another_key_among_several(trail: Trail, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    signing_key, _ = _keys(other)
    with transaction(trail.engine) as session:
        head = next(e for e in audit_store.stream_entries(session) if e.seq == 30)
    foreign = other / "foreign.json"
    write_receipt(foreign, sign_checkpoint(load_signing_key(signing_key, {}), head, 1))
    code, output = _verify(trail, trail.receipt, foreign)
    assert code == 1, output
    assert f"receipt {foreign}: signed by an unknown key" in output


def test_receipts_are_read_before_anything_else(trail: Trail, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "amanat/audit-receipt/v1", "seq": "fifty"}')
    code, output = _verify(trail, trail.receipt, broken)
    assert code == 1 and f"receipt {broken}: 'seq' must be a whole number" in output, output
    code, output = _cli("verify", "--receipt", str(trail.receipt), "-d", trail.url)
    assert code == 1 and "receipts are signed: give --verify-key" in output, output


def test_checkpoint_never_overwrites_a_receipt(trail: Trail) -> None:
    before = trail.receipt.read_bytes()
    code, output = _cli(
        "checkpoint",
        "--signing-key",
        str(trail.signing_key),
        "--receipt",
        str(trail.receipt),
        "-d",
        trail.url,
    )
    assert code == 1 and "exists and is not overwritten" in output, output
    assert trail.receipt.read_bytes() == before
    with transaction(trail.engine) as session:
        assert [c.number for c in audit_store.checkpoints(session)] == [1, 2, 3]


def test_no_receipt_of_an_empty_trail(sqlite_engine: Engine, tmp_path: Path) -> None:
    signing_key, _ = _keys(tmp_path)
    url = sqlite_engine.url.render_as_string(hide_password=False)
    receipt = tmp_path / "head.json"
    code, output = _cli(
        "checkpoint", "--signing-key", str(signing_key), "--receipt", str(receipt), "-d", url
    )
    assert code == 1 and "the trail is empty: nothing to sign, no receipt written" in output
    assert not receipt.exists()


def _amanat(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, as an operator runs it, with no audit key in its environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_AUDIT_")}
    command = [str(Path(sys.executable).parent / "amanat"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_the_command_line_as_a_subprocess(engine: Engine, tmp_path: Path) -> None:
    """On the service's own schedule (a checkpoint every 1,000 entries): a receipt of
    entry 1,500 taken, then cut back to checkpoint 1 — only the receipt shows it —
    then checkpoint 1 deleted too, which shows without the receipt."""
    every = audit_store.CHECKPOINT_EVERY
    signing_key, verify_key = _keys(tmp_path)
    _write(engine, signing_key, every + every // 2, every)
    url = engine.url.render_as_string(hide_password=False)
    receipt = tmp_path / "head.json"
    sign = ("audit", "checkpoint", "--signing-key", str(signing_key), "--receipt", str(receipt))
    taken = _amanat(*sign, "-d", url)
    assert taken.returncode == 0, taken.stderr
    check = ("audit", "verify", "--verify-key", str(verify_key), "-d", url)
    held = _amanat(*check, "--receipt", str(receipt))
    assert held.returncode == 0 and "Audit trail intact" in held.stdout, held.stderr
    _as_superuser(
        engine,
        f"DELETE FROM audit_entry WHERE seq > {every}",
        "DELETE FROM audit_checkpoint WHERE number > 1",
    )
    cut = _amanat(*check, "--receipt", str(receipt))
    assert cut.returncode == 1
    assert f"the trail ends at entry {every}: entries {every + 1}–{every + every // 2}" in (
        cut.stderr
    )
    _as_superuser(engine, "DELETE FROM audit_checkpoint")
    alone = _amanat(*check)
    assert alone.returncode == 1
    assert f"no signed checkpoint on a trail of {every} entries" in alone.stderr
