"""Withdrawal at the receiver: taking a bundle's tombstones.

A tombstone withdraws this node's copy of a record of the sender's: the copy is
marked deleted (``deleted_at``, so every read leaves it out, by the same rule as a
record deleted here), its parts and named shares are removed, and it takes the
tombstone's version, so a replayed or late bundle of an older version changes
nothing.  The tombstone is kept (``FederationTombstone``) even when no copy is here
yet, so a copy that arrives after its withdrawal is not taken either.  Only a
record's origin withdraws it, directly or through the hub that passed the copy on
(the last of its hops): a tombstone for a record here of another node refuses the
bundle, before anything is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from amanat.access import copied_identity
from amanat.access.models import RecordShare
from amanat.federation.bundle import Refusal
from amanat.federation.copies import ROW_ID, part_tables
from amanat.federation.known import Incoming, Placed, Taken
from amanat.language.i18n import N_
from amanat.register import FEDERATED_KINDS
from amanat.register.base import utcnow
from amanat.register.federation_relay import FederationRelay
from amanat.register.federation_withdrawal import FederationTombstone


def checked_tombstones(state: Incoming, given: Any) -> dict[str, list[Placed]]:
    """The bundle's tombstones by kind, each checked as its records are."""
    if not isinstance(given, list):
        raise Refusal("withdrawn", type(given).__name__, N_("is not a list"))
    by_kind: dict[str, dict[str, Placed]] = defaultdict(dict)
    for position, tombstone in enumerate(given):
        where = f"withdrawn[{position}]"
        if not isinstance(tombstone, dict) or tombstone.get("kind") not in FEDERATED_KINDS:
            value = tombstone.get("kind") if isinstance(tombstone, dict) else tombstone
            raise Refusal(f"{where}.kind", value, N_("is not a kind of record"))
        gid, version = tombstone.get("global_id"), tombstone.get("version")
        if not isinstance(gid, str):
            raise Refusal(f"{where}.global_id", gid, N_("is not a global id"))
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise Refusal(f"{where}.version", version, N_("is not a version number"))
        same = by_kind[tombstone["kind"]]
        if gid not in same or same[gid].record["version"] < version:
            same[gid] = Placed(where, tombstone)
    for kind, placed in by_kind.items():
        table = str(FEDERATED_KINDS[kind].__tablename__)
        state.look_up(table, placed)
        relayed = _relayed_by_sender(state, table, placed)
        for gid, one in placed.items():
            origin = state.origins.get((table, gid), state.sender.id)
            if origin != state.sender.id and gid not in relayed:
                raise Refusal(
                    f"{one.where}.global_id",
                    gid,
                    N_(
                        "is a record of another node here, not of %(node)r: "
                        "only its origin withdraws it"
                    ),
                    node=state.sender.name,
                )
    return {kind: list(placed.values()) for kind, placed in by_kind.items()}


def _relayed_by_sender(state: Incoming, table: str, placed: dict[str, Placed]) -> set[str]:
    """The global ids among ``placed`` of copies here that the sender passed on."""
    ids = {
        state.known[(table, gid)][0]: gid
        for gid in placed
        if (table, gid) in state.known and state.origins[(table, gid)] != state.sender.id
    }
    if not ids:
        return set()
    query = select(FederationRelay.record_id, FederationRelay.hops).where(
        FederationRelay.record_table == table, FederationRelay.record_id.in_(list(ids))
    )
    return {
        ids[record_id]
        for record_id, hops in state.session.execute(query)
        if hops.split(",")[-1] == state.sender.name
    }


def withdraw(state: Incoming, taken: Taken, kind: str, tombstones: Sequence[Placed]) -> None:
    """Withdraw the copies the tombstones name, and keep the tombstones."""
    session = state.session
    model: Any = FEDERATED_KINDS[kind]
    table = model.__table__
    name = str(table.name)
    versions = {p.record["global_id"]: p.record["version"] for p in tombstones}
    kept = select(FederationTombstone.global_id, FederationTombstone.version).where(
        FederationTombstone.record_table == name,
        FederationTombstone.global_id.in_(list(versions)),
    )
    newer = dict(versions)
    for gid, version in session.execute(kept):
        if version >= newer[gid]:
            del newer[gid]
    if newer:
        session.execute(
            delete(FederationTombstone).where(
                FederationTombstone.record_table == name,
                FederationTombstone.global_id.in_(list(newer)),
            )
        )
        session.execute(
            insert(FederationTombstone),
            [{"record_table": name, "global_id": gid,
              "origin_node_id": state.origins.get((name, gid)) or state.sender.id,
              "version": version, "withdrawn_at": utcnow()}
             for gid, version in newer.items()],
        )  # fmt: skip
    copies = [
        (state.known[(name, gid)][0], gid, version)
        for gid, version in versions.items()
        if (name, gid) in state.known and state.known[(name, gid)][1] < version
    ]
    taken.unchanged += len(versions) - len(copies)
    if not copies:
        return
    ids = [record_id for record_id, _, _ in copies]
    session.execute(
        update(table).where(table.c.id == bindparam(ROW_ID)),
        [{ROW_ID: record_id, "version": version, "deleted_at": utcnow(),
          "deletion_reason": f"withdrawn by its origin, through node {state.sender.name}"}
         for record_id, _, version in copies],
    )  # fmt: skip
    for part_table, parent in part_tables(model).values():
        session.execute(delete(part_table).where(part_table.c[parent].in_(ids)))
    session.execute(
        delete(RecordShare).where(RecordShare.record_kind == kind, RecordShare.record_id.in_(ids))
    )
    if kind == "person":  # her identity, sealed here for an organisation, goes too
        copied_identity.forget(session, ids)
    for record_id, gid, version in copies:
        state.learn(name, gid, record_id, version, state.origins.get((name, gid)))
    taken.withdrawn += len(copies)
