"""The audit trail in the database: append in the caller's transaction, sign
checkpoints, stream back for verification and search.

The chain itself (hashing, signing, verifying) is ``amanat.access.audit``; this
module stores it.  Entries are appended in the same transaction as the action they
record, so an action that rolls back leaves no entry and an entry never describes
an action that did not happen.  ``seq`` is the primary key: two writers racing for
the same position cannot fork the chain — one of them fails.  On PostgreSQL an
advisory lock makes them queue instead, taken by the database itself as the
transaction commits (``amanat.access.audit_queue``), and a trigger refuses UPDATE
and DELETE.

Checkpoints are numbered 1, 2, 3, ... in the order they are signed, and a unique
index keeps the series free of duplicates when two signers race (one of them fails
and signs nothing), so a gap in the numbers can only be a deleted checkpoint.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import (
    BigInteger,
    Connection,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from amanat import metrics
from amanat.access import audit_keys, audit_queue
from amanat.access.audit import (
    AuditEntry,
    Checkpoint,
    DetailValue,
    NewEntry,
    SigningSchedule,
    VerifyResult,
    check_receipt,
    compute_hash,
    load_signing_key,
    public_key_id,
    sign_checkpoint,
    verify_chain,
)
from amanat.access.audit.chain import GENESIS_HASH
from amanat.register.base import Base, utcnow

# Any constant works; it only has to be the same for every writer.
_ADVISORY_LOCK = 0x616D616E6174  # "amanat"
CHECKPOINT_EVERY = 1000
# How long a due checkpoint may be missing before `verify_stored` calls the trail cut:
# the service looks every 30 s, so this allows ten failed looks (a database restart).
SIGNING_GRACE = dt.timedelta(minutes=5)


class AuditRecord(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_actor_at", "actor_user_id", "at"),
        Index("ix_audit_entry_target", "target_kind", "target_id"),
    )

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger)
    actor_org_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    target_kind: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(80))
    purpose: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    entry_hash: Mapped[str] = mapped_column(String(64), nullable=False)


class AuditCheckpoint(Base):
    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    entry_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    key_id: Mapped[str] = mapped_column(String(64), nullable=False)
    signature: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    # Signed with the rest; NULL for checkpoints signed before numbering (migration 0017).
    number: Mapped[int | None] = mapped_column(BigInteger, index=True, unique=True)


def _utc(when: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes; the trail is UTC throughout.
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def to_entry(row: Any) -> AuditEntry:
    """An entry from an ``audit_entry`` row (ORM object or Core row)."""
    return AuditEntry(
        seq=row.seq,
        at=_utc(row.at),
        actor_user_id=row.actor_user_id,
        actor_org_id=row.actor_org_id,
        action=row.action,
        target_kind=row.target_kind,
        target_id=row.target_id,
        purpose=row.purpose,
        detail=json.loads(row.detail),
        prev_hash=row.prev_hash,
        entry_hash=row.entry_hash,
    )


@dataclass(frozen=True)
class Pending:
    """An entry to append: what ``append`` takes, for ``append_many``."""

    action: str
    user_id: int | None = None
    org_id: int | None = None
    target_kind: str | None = None
    target_id: int | str | None = None
    purpose: str | None = None
    detail: Mapping[str, DetailValue] | None = None

    def entry(self, seq: int, at: dt.datetime) -> NewEntry:
        """The entry's fields at position ``seq`` (0 while the database has yet to place it)."""
        return NewEntry(
            seq=seq,
            at=at,
            actor_user_id=self.user_id,
            actor_org_id=self.org_id,
            action=self.action,
            target_kind=self.target_kind,
            target_id=None if self.target_id is None else str(self.target_id),
            purpose=self.purpose,
            detail=dict(self.detail or {}),
        )


def append(
    session: Session,
    action: str,
    *,
    user_id: int | None = None,
    org_id: int | None = None,
    target_kind: str | None = None,
    target_id: int | str | None = None,
    purpose: str | None = None,
    detail: Mapping[str, DetailValue] | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Append one entry in the session's transaction."""
    pending = Pending(action, user_id, org_id, target_kind, target_id, purpose, detail)
    append_many(session, [pending], now=now)


def append_many(
    session: Session, entries: Sequence[Pending], *, now: dt.datetime | None = None
) -> None:
    """Append entries, in order, in the session's transaction: they commit or roll
    back with it.  On PostgreSQL they are queued and the database chains them as the
    transaction commits (``audit_queue``), so a request holds no lock while it runs;
    elsewhere they are chained here (``append_chained``)."""
    if not entries:
        return
    metrics.on_commit(session, metrics.AUDIT_ENTRIES, len(entries))
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        at = (now or utcnow()).astimezone(dt.UTC)
        audit_queue.enqueue(connection, [pending.entry(0, at) for pending in entries])
        return
    append_chained(session, entries, now=now)


def append_chained(
    session: Session,
    entries: Sequence[Pending],
    *,
    signing_key: Ed25519PrivateKey | None = None,
    now: dt.datetime | None = None,
) -> list[AuditEntry]:
    """Append entries chained now, under the trail's lock until the transaction ends,
    and hand them back with their hashes; sign a checkpoint every ``CHECKPOINT_EVERY``
    entries when a signing key is given.  All in one INSERT: a request that shows a
    page of records takes the lock once and holds it for one statement."""
    if not entries:
        return []
    # What the ORM holds is written first, as a query would have (autoflush): the
    # lock taken below is then held only for the trail's own statements.
    if session.autoflush:
        session.flush()
    connection = session.connection()
    last = session.info.get(_LAST)
    if last is None:
        last = _last_in_database(connection)
    at = (now or utcnow()).astimezone(dt.UTC)
    seq, prev_hash = (0, GENESIS_HASH) if last is None else last
    rows: list[dict[str, Any]] = []
    appended: list[AuditEntry] = []
    for pending in entries:
        fields = pending.entry(seq + 1, at)
        entry_hash = compute_hash(prev_hash, fields)
        rows.append(
            {
                "seq": fields.seq,
                **audit_queue.columns(fields),
                "prev_hash": prev_hash,
                "entry_hash": entry_hash,
            }
        )
        appended.append(
            AuditEntry(**{**fields.__dict__, "prev_hash": prev_hash, "entry_hash": entry_hash})
        )
        seq, prev_hash = fields.seq, entry_hash
    # Core, not ORM objects: the trail is written on every read, so it must be cheap.
    connection.execute(_INSERT, rows)
    session.info[_LAST] = (seq, prev_hash)
    if signing_key is not None:
        due = [entry for entry in appended if entry.seq % CHECKPOINT_EVERY == 0]
        if due:
            audit_keys.check_may_sign(session, public_key_id(signing_key.public_key()))
        number = _next_number(session) if due else 0
        for offset, entry in enumerate(due):
            add_checkpoint(session, sign_checkpoint(signing_key, entry, number + offset))
    return appended


_LAST = "amanat.audit.last"
# Built once: the statements of every append.
_INSERT = insert(cast(Table, AuditRecord.__table__))
_END = (
    select(AuditRecord.__table__.c.seq, AuditRecord.__table__.c.entry_hash)
    .order_by(AuditRecord.__table__.c.seq.desc())
    .limit(1)
)
# PostgreSQL: the lock, then the end, as two statements sent in one round trip.
_LOCK_THEN_END = (
    f"SELECT pg_advisory_xact_lock({_ADVISORY_LOCK}); "
    "SELECT seq, entry_hash FROM audit_entry ORDER BY seq DESC LIMIT 1"
)


_SQLITE_WRITE_LOCK = "UPDATE audit_entry SET seq = seq WHERE 0"


def _last_in_database(connection: Connection) -> tuple[int, str] | None:
    """The chain's end, read once per transaction.

    Having written, this transaction holds the write lock (SQLite) or the advisory
    lock (PostgreSQL) until it ends, so the end it remembers stays the true end;
    the memory is dropped when the transaction ends (see ``_forget``).  The lock is
    its own statement, before the read: a statement sees what was committed when it
    began, so a read in the same statement could miss what the last holder wrote.
    On PostgreSQL the two statements still go in one message (each with its own
    snapshot): every round trip made while holding the lock is one every other
    writer waits for.
    """
    if connection.dialect.name == "postgresql":
        result = connection.exec_driver_sql(_LOCK_THEN_END)
        try:
            cursor = result.cursor  # psycopg: the lock's result; the end's is the next
            if not cursor.nextset():
                raise RuntimeError("PostgreSQL did not return the audit chain's end")
            row = cursor.fetchone()
        finally:
            result.close()
    else:
        # SQLite: a read takes no lock, so two requests could read the same end and
        # the second INSERT would fail on ``seq``.  A write that changes nothing takes
        # the database's write lock first (waiting for the holder, up to the busy
        # timeout); the end read after it is then the true end.
        connection.exec_driver_sql(_SQLITE_WRITE_LOCK)
        row = connection.execute(_END).first()
    return None if row is None else (int(row[0]), str(row[1]))


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    # Any end, savepoints included: a rolled-back savepoint may have held entries.
    session.info.pop(_LAST, None)


def add_checkpoint(session: Session, checkpoint: Checkpoint) -> None:
    session.add(
        AuditCheckpoint(
            seq=checkpoint.seq,
            entry_hash=checkpoint.entry_hash,
            at=checkpoint.at,
            key_id=checkpoint.key_id,
            signature=checkpoint.signature,
            number=checkpoint.number,
        )
    )
    # Now, not at commit: a signer that lost the race for this number fails here.
    session.flush()


def _next_number(session: Session) -> int:
    return (session.scalar(select(func.max(AuditCheckpoint.number))) or 0) + 1


def checkpoint_now(session: Session, signing_key: Ed25519PrivateKey) -> Checkpoint | None:
    """Sign the latest entry (e.g. at the end of a day, or before a verification)."""
    # The number is read before the entry: a checkpoint committed in between then
    # takes this number too and the unique index refuses this one, so numbers never
    # run against the order of the entries they sign.
    audit_keys.check_may_sign(session, public_key_id(signing_key.public_key()))
    number = _next_number(session)
    last = session.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(1)).first()
    if last is None:
        return None
    checkpoint = sign_checkpoint(signing_key, to_entry(last), number)
    add_checkpoint(session, checkpoint)
    return checkpoint


def stream_entries(session: Session, batch: int = 5000) -> Iterator[AuditEntry]:
    """Every entry in seq order, in batches, so memory stays bounded."""
    table = AuditRecord.__table__
    after = 0
    while True:
        query = select(table).where(table.c.seq > after).order_by(table.c.seq).limit(batch)
        rows = session.execute(query).all()
        if not rows:
            return
        for row in rows:
            yield to_entry(row)
        after = rows[-1].seq


def checkpoints(session: Session) -> list[Checkpoint]:
    """Every checkpoint in the order of the entries they sign (unnumbered ones, signed
    before numbering, first), as `verify_chain` takes them."""
    order = (AuditCheckpoint.seq, func.coalesce(AuditCheckpoint.number, 0))
    rows = session.scalars(select(AuditCheckpoint).order_by(*order)).all()
    return [
        Checkpoint(
            seq=r.seq,
            entry_hash=r.entry_hash,
            at=_utc(r.at),
            key_id=r.key_id,
            signature=bytes(r.signature),
            number=r.number,
        )
        for r in rows
    ]


def verify_stored(
    session: Session,
    keys: Collection[Ed25519PublicKey],
    receipts: Sequence[tuple[str, Checkpoint]] = (),
    *,
    now: dt.datetime | None = None,
) -> VerifyResult:
    """Verify the stored trail: the chain, and with ``keys`` its checkpoints, that none
    is overdue (the trail is expected to be signed on ``CHECKPOINT_EVERY``), and that
    it still holds what each receipt (named by its file) signs."""
    signed = checkpoints(session)
    schedule = SigningSchedule(CHECKPOINT_EVERY, SIGNING_GRACE, now or utcnow()) if keys else None
    result = verify_chain(
        stream_entries(session),
        signed,
        keys,
        schedule=schedule,
        periods=audit_keys.periods(session),
    )
    if not result.ok:
        return result
    numbered = {c.number: c for c in signed if c.number is not None}
    for name, receipt in receipts:
        row = session.get(AuditRecord, receipt.seq)
        entry = None if row is None else to_entry(row)
        stored = None if receipt.number is None else numbered.get(receipt.number)
        problem = check_receipt(receipt, keys, entry, result.last_seq, stored)
        if problem is not None:
            reason, why = problem
            return replace(
                result,
                ok=False,
                message=f"receipt {name}: {why}",
                broken_seq=receipt.seq,
                reason=reason,
                warnings=(),
            )
    if receipts:
        held = ", ".join(f"entry {receipt.seq} ({name})" for name, receipt in receipts)
        result = replace(result, message=f"{result.message}; receipts held: {held}")
    return result


def signing_key_from(path: Path | None, env: Mapping[str, str]) -> Ed25519PrivateKey | None:
    """The checkpoint signing key when one is configured; None when not."""
    from amanat.access.audit import SIGNING_KEY_ENV

    if path is None and SIGNING_KEY_ENV not in env:
        return None
    return load_signing_key(path, env)
