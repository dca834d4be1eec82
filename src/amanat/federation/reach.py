"""A record's reach that changes without an edit of the record: an organisation of a
peer node added to or removed from a sharing group, a named share with one opened or
revoked.  The records concerned move to a new version, as a narrowed marking does,
so that

- the write appends their change to the feed (``federation_change``, by the record
  tables' triggers, which keep the feed's order the commit order), and the next
  bundle for each peer sends what now reaches it and a tombstone for what it holds
  and no longer may (``withdrawal``): nothing waits for the record's next edit;
- the tombstone's version is above the copy's, so the peer withdraws it, and a record
  shared with it again later arrives at a newer version still, which it takes.

An organisation of this node changes no peer's reach: nothing moves for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from amanat.register import FEDERATED_KINDS, Organisation


def _of_a_peer(session: Session, org_id: int) -> bool:
    node = session.scalar(select(Organisation.node_id).where(Organisation.id == org_id))
    return node is not None


def _new_version(session: Session, model: Any, which: ColumnElement[bool]) -> None:
    """A new version of this node's records ``which``; the session's objects follow."""
    session.execute(
        update(model)
        .where(which, model.origin_node_id.is_(None))
        .values(version=model.version + 1)
        .execution_options(synchronize_session="fetch")
    )


def group_changed(session: Session, group_id: int, org_id: int) -> None:
    """``org_id`` joined or left the group: its records' reach changed."""
    if not _of_a_peer(session, org_id):
        return
    session.flush()
    for model in FEDERATED_KINDS.values():
        _new_version(session, model, model.sharing_group_id == group_id)  # type: ignore[attr-defined]


def shares_changed(session: Session, org_id: int, records: Sequence[tuple[str, int]]) -> None:
    """Named shares of these records (kind, id) with ``org_id`` opened or revoked."""
    if not records or not _of_a_peer(session, org_id):
        return
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, record_id in records:
        if kind in FEDERATED_KINDS:
            by_kind[kind].append(record_id)
    session.flush()
    for kind, ids in by_kind.items():
        model: Any = FEDERATED_KINDS[kind]
        _new_version(session, model, model.id.in_(ids))
