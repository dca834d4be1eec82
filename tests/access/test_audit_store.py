"""The audit trail in the database: append-only, and any tampering is named by
`amanat audit verify` — on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from amanat.access import audit_queue, audit_store
from amanat.access.audit import generate_signing_key_file, load_signing_key, write_verify_key_file
from amanat.access.audit.chain import canonical_bytes, compute_hash
from amanat.cli.audit import app
from amanat.store.engine import transaction

ENTRIES = 50
runner = CliRunner()


@pytest.fixture
def trail(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Engine, Path]:
    monkeypatch.setattr(audit_store, "CHECKPOINT_EVERY", 20)
    public = generate_signing_key_file(tmp_path / "signing.key")
    write_verify_key_file(tmp_path / "verify.key", public)
    key = load_signing_key(tmp_path / "signing.key", {})
    with transaction(engine) as session:
        for number in range(ENTRIES):
            entry = audit_store.Pending("read", 7, 3, "victim", number, "assistance", {"n": number})
            audit_store.append_chained(session, [entry], signing_key=key)
    return engine, tmp_path / "verify.key"


def _verify(engine: Engine, verify_key: Path) -> tuple[int, str]:
    url = engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, ["verify", "--verify-key", str(verify_key), "-d", url])
    return result.exit_code, result.output


def test_an_untouched_trail_verifies(trail: tuple[Engine, Path]) -> None:
    code, output = _verify(*trail)
    assert code == 0, output
    assert "intact" in output


def test_the_database_refuses_updates_and_deletes(trail: tuple[Engine, Path]) -> None:
    engine, _ = trail
    for statement in (
        "UPDATE audit_entry SET action = 'x' WHERE seq = 3",
        "DELETE FROM audit_entry WHERE seq = 3",
        "DELETE FROM audit_checkpoint",
    ):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))


def _without_guard(engine: Engine, change: Callable[[Connection], None]) -> None:
    """Tamper as an operator with the rights to drop the guard would."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))
        else:
            for event in ("update", "delete"):
                connection.execute(text(f"DROP TRIGGER audit_entry_no_{event}"))
        change(connection)
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_entry ENABLE TRIGGER USER"))


def _edit(connection: Connection) -> None:
    connection.execute(text("UPDATE audit_entry SET purpose = 'prosecution' WHERE seq = 12"))


def _delete(connection: Connection) -> None:
    connection.execute(text("DELETE FROM audit_entry WHERE seq = 25"))


def _reorder(connection: Connection) -> None:
    # Swap what entries 33 and 34 say, keeping their positions.
    rows = {
        r.seq: r
        for r in connection.execute(text("SELECT * FROM audit_entry WHERE seq IN (33, 34)"))
    }
    for seq, other in ((33, 34), (34, 33)):
        source = rows[other]
        connection.execute(
            text(
                "UPDATE audit_entry SET target_id = :t, detail = :d, prev_hash = :p, "
                "entry_hash = :h WHERE seq = :s"
            ),
            {
                "t": source.target_id,
                "d": source.detail,
                "p": source.prev_hash,
                "h": source.entry_hash,
                "s": seq,
            },
        )


def _insert(connection: Connection) -> None:
    # Shift entries 41.. up by one and slip a forged, correctly chained entry in at 41.
    for seq in range(ENTRIES, 40, -1):
        connection.execute(
            text("UPDATE audit_entry SET seq = :n WHERE seq = :s"), {"n": seq + 1, "s": seq}
        )
    prev = connection.execute(text("SELECT entry_hash FROM audit_entry WHERE seq = 40")).scalar()
    forged = audit_store.NewEntry(
        seq=41,
        at=audit_store.utcnow(),
        actor_user_id=1,
        actor_org_id=1,
        action="read",
        target_kind="victim",
        target_id="99",
        purpose=None,
        detail={},
    )
    connection.execute(
        text(
            "INSERT INTO audit_entry (seq, at, actor_user_id, actor_org_id, action, "
            "target_kind, target_id, detail, prev_hash, entry_hash) VALUES "
            "(41, :at, 1, 1, 'read', 'victim', '99', '{}', :p, :h)"
        ),
        {"at": forged.at, "p": prev, "h": compute_hash(str(prev), forged)},
    )


@pytest.mark.parametrize(
    ("tamper", "first_broken"),
    [(_edit, {12}), (_delete, {25}), (_reorder, {33}), (_insert, {41, 42})],
    ids=["edit", "delete", "reorder", "insert"],
)
def test_tampering_is_named(
    trail: tuple[Engine, Path], tamper: Callable[[Connection], None], first_broken: set[int]
) -> None:
    engine, verify_key = trail
    _without_guard(engine, tamper)
    code, output = _verify(engine, verify_key)
    assert code == 1, output
    found = re.search(r"broken at entry (\d+)", output)
    assert found is not None, output
    assert int(found.group(1)) in first_broken


def test_a_batch_chains_exactly_as_single_appends(engine: Engine, tmp_path: Path) -> None:
    """``append_chained`` (one INSERT under one lock) writes the entries and hashes that
    one call per entry would, signs the checkpoints due inside the batch, and
    the trail verifies."""
    public = generate_signing_key_file(tmp_path / "signing.key")
    write_verify_key_file(tmp_path / "verify.key", public)
    key = load_signing_key(tmp_path / "signing.key", {})
    batch = [
        audit_store.Pending("read", 7, 3, "person", n, "checking", {"n": n})
        for n in range(1, audit_store.CHECKPOINT_EVERY + 5)
    ]
    with transaction(engine) as session:
        search = audit_store.Pending("search", 7, 3, purpose="checking")
        [first] = audit_store.append_chained(session, [search])
        written = audit_store.append_chained(session, batch, signing_key=key)
        assert audit_store.append_chained(session, []) == []
    assert [e.seq for e in written] == list(range(2, len(batch) + 2))
    previous = first.entry_hash
    for entry in written:
        assert entry.prev_hash == previous and compute_hash(previous, entry) == entry.entry_hash
        previous = entry.entry_hash
    with transaction(engine) as session:
        stored = list(audit_store.stream_entries(session))
        signed = [c.seq for c in audit_store.checkpoints(session)]
    assert stored == [first, *written]
    assert signed == [audit_store.CHECKPOINT_EVERY]
    code, output = _verify(engine, tmp_path / "verify.key")
    assert code == 0, output


def test_a_batch_is_one_insert(engine: Engine) -> None:
    statements: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement.split()[0].upper())

    batch = [audit_store.Pending("read", 7, 3, "person", n) for n in range(30)]
    with transaction(engine) as session:
        audit_store.append(session, "search", user_id=7, org_id=3)  # the lock, the end
        event.listen(engine, "before_cursor_execute", seen)
        try:
            audit_store.append_many(session, batch)
        finally:
            event.remove(engine, "before_cursor_execute", seen)
    assert statements == ["INSERT"]


def test_racing_writers_queue_and_the_chain_stays_one(engine: Engine) -> None:
    """Writers in many transactions at once: on PostgreSQL each takes the lock and
    reads the chain's end in one round trip, and still sees what the writer before
    it committed; SQLite queues them on its write lock — no writer fails, none forks
    the chain."""
    writers, each = 8, 15

    def write(writer: int) -> None:
        for n in range(each):
            with transaction(engine) as session:
                audit_store.append(session, "read", user_id=writer, target_id=n)

    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(write, range(writers)))
    with transaction(engine) as session:
        stored = list(audit_store.stream_entries(session))
    assert [e.seq for e in stored] == list(range(1, writers * each + 1))
    previous = stored[0].prev_hash
    for entry in stored:
        assert entry.prev_hash == previous and compute_hash(previous, entry) == entry.entry_hash
        previous = entry.entry_hash


def test_the_database_chains_exactly_as_the_application(engine: Engine) -> None:
    """Entries appended with ``append_many`` (queued and chained by PostgreSQL as the
    transaction commits; chained in Python on SQLite) carry the hashes the
    application computes, details with a key named "seq" and non-ASCII text included,
    and follow entries the application chained itself."""
    odd = {"seq": 5, "note": 'Джуманбеков ўғли "quoted"', "flag": True, "none": None}
    with transaction(engine) as session:
        audit_store.append_chained(session, [audit_store.Pending("login", 1, 1)])
    with transaction(engine) as session:
        audit_store.append_many(
            session,
            [
                audit_store.Pending("read", 7, 3, "person", 12, "checking", odd),
                audit_store.Pending("search", 7, 3, "person", None, "проверка", {}),
            ],
        )
        audit_store.append(session, "export", user_id=7, org_id=3, target_id="ftm")
    with transaction(engine) as session:
        stored = list(audit_store.stream_entries(session))
        queued = session.scalar(text("SELECT count(*) FROM audit_queue"))
    assert [e.action for e in stored] == ["login", "read", "search", "export"]
    assert [e.seq for e in stored] == [1, 2, 3, 4]
    assert stored[1].detail == odd and stored[2].purpose == "проверка"
    previous = stored[0].prev_hash
    for entry in stored:
        assert entry.prev_hash == previous and compute_hash(previous, entry) == entry.entry_hash
        previous = entry.entry_hash
    assert queued == 0


def test_queued_entries_roll_back_with_their_transaction(engine: Engine) -> None:
    with pytest.raises(RuntimeError), transaction(engine) as session:
        audit_store.append(session, "read", user_id=7, target_id=1)
        raise RuntimeError("the action failed")
    with transaction(engine) as session:
        assert list(audit_store.stream_entries(session)) == []
        assert session.scalar(text("SELECT count(*) FROM audit_queue")) == 0


def test_the_canonical_form_is_cut_around_the_sequence_number() -> None:
    fields = audit_store.NewEntry(
        seq=0,
        at=audit_store.utcnow(),
        actor_user_id=1,
        actor_org_id=None,
        action="read",
        target_kind="person",
        target_id='"seq":0,"target_id":',
        purpose=',"seq":0,"target_id":',
        detail={"seq": 0, "target_id": "x"},
    )
    head, tail = audit_queue.split_canonical(fields)
    for seq in (1, 42, 10**12):
        entry = audit_store.NewEntry(**{**fields.__dict__, "seq": seq})
        assert (head + str(seq) + tail).encode() == canonical_bytes(entry)
