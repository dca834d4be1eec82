"""PostgreSQL: entries chained by the database as their transaction commits.

The chain needs one writer at a time: each entry's hash covers the hash before it.
Chained by the application (``audit_store.append_chained``), a request takes the
trail's lock, reads the chain's end, hashes, inserts and commits, holding the lock
across three round trips; under load each of them also waits for the request's
thread to get Python's interpreter lock back, so every read queued behind the one
before it (53 ms a request at 290 requests/s in ``benchmarks/service_load.py``).

Here a request only inserts its entries into ``audit_queue``, taking no lock.  A
deferred constraint trigger runs as the transaction commits, inside the server: it
takes the same advisory lock, reads the end, writes each entry into ``audit_entry``
with its hashes and removes it from the queue.  The lock is held for microseconds
of the server's own work, and no round trip.  Nothing changes for a reader: the
entries are chained exactly as ``append_chained`` chains them (chain format 1),
verified by the same code, and an entry still commits or rolls back with the action
it records.  The queue is empty outside a transaction: every row in it is moved out
by the commit that wrote it.

The seal function and trigger are created by migration 0013; the hash the database
computes is ``sha256(prev_hash || "\\n" || head || seq || tail)``, where ``head`` and
``tail`` are the entry's canonical serialisation around its sequence number, cut here
so that the database need not serialise anything.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import BigInteger, Connection, DateTime, String, Table, Text, insert
from sqlalchemy.orm import Mapped, mapped_column

from amanat.access.audit.chain import NewEntry, canonical_bytes
from amanat.register.base import Base, BigId


class QueuedAuditEntry(Base):
    __tablename__ = "audit_queue"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger)
    actor_org_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    target_kind: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(80))
    purpose: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, nullable=False)
    # The canonical serialisation before and after the sequence number.
    head: Mapped[str] = mapped_column(Text, nullable=False)
    tail: Mapped[str] = mapped_column(Text, nullable=False)


_INSERT = insert(cast(Table, QueuedAuditEntry.__table__))
# In the canonical serialisation (keys sorted) the entry's own ``seq`` comes after
# ``purpose`` and before ``target_id``; a detail key named "seq" sits earlier, inside
# "detail", so the last occurrence of this marker is the entry's.
_SEQ_MARKER = ',"seq":0,"target_id":'


def split_canonical(fields: NewEntry) -> tuple[str, str]:
    """(head, tail): the canonical serialisation of ``fields`` is head + str(seq) + tail."""
    text = canonical_bytes(_with_seq(fields, 0)).decode("utf-8")
    cut = text.rindex(_SEQ_MARKER) + len(',"seq":')
    return text[:cut], text[cut + 1 :]


def _with_seq(fields: NewEntry, seq: int) -> NewEntry:
    return NewEntry(**{**fields.__dict__, "seq": seq})


def columns(fields: NewEntry) -> dict[str, Any]:
    """An entry's columns as ``audit_entry`` and ``audit_queue`` both store them (the
    detail as sorted JSON), without its position and hashes."""
    return {
        "at": fields.at,
        "actor_user_id": fields.actor_user_id,
        "actor_org_id": fields.actor_org_id,
        "action": fields.action,
        "target_kind": fields.target_kind,
        "target_id": fields.target_id,
        "purpose": fields.purpose,
        "detail": json.dumps(dict(fields.detail), sort_keys=True, ensure_ascii=False),
    }


def enqueue(connection: Connection, entries: Sequence[NewEntry]) -> None:
    """Queue entries in the connection's transaction, in order; the commit chains them."""
    rows = [
        dict(zip(("head", "tail"), split_canonical(fields), strict=True), **columns(fields))
        for fields in entries
    ]
    # One row (a read, most often) as a plain statement: a list goes through the
    # driver's executemany, which costs more for one row than the row itself.
    connection.execute(_INSERT, rows[0] if len(rows) == 1 else rows)
