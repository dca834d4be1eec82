"""Writing a batch of a bundle's records of one kind as copies: the links they name
looked up together, then the new copies inserted and the older ones rewritten with a
statement per shape of row, their parts and named shares replaced alike, in one
savepoint.  A batch that breaks a constraint (a copy whose required link has not
reached this node) is rolled back and written again a record at a time, so only the
copies that cannot be stored are held back.

A copy is rewritten whole: a field its origin emptied is emptied here too, and a copy
withdrawn earlier (``deleted_at``) is read again once its origin sends a newer
version; a copy whose withdrawal arrived first (``withdrawn``) is not taken at or
below the withdrawn version.

A copy a hub passed on (its hops longer than its origin), or a protected person's,
keeps its hops and her pseudonym (``FederationRelay``), so that this node can pass it
on in turn; its named shares are kept for every organisation known here, of this
node or another, for the same reason (only this node's own read by them here).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from amanat.access import copied_identity
from amanat.access.models import RecordShare
from amanat.federation.bundle import Refusal
from amanat.federation.fields import GLOBAL_ID, MARKING_COLUMNS, RECORD_TABLES, decoded, link_of
from amanat.federation.identities import opened_identities, relayed_identities
from amanat.federation.known import Incoming, Placed, Taken
from amanat.intake.completion import part_models
from amanat.language.i18n import N_
from amanat.register import FEDERATED_KINDS
from amanat.register.federation_relay import FederationRelay
from amanat.register.federation_withdrawal import FederationTombstone

MARKING_TEXT = ("tlp", "handling", "distribution")
ROW_ID = "copy_row_id"  # the bound name of the row an update rewrites


@dataclass
class Copy:
    """One record ready to write: its row, its parts' rows, its shares' organisations."""

    global_id: str
    record_id: int | None  # the copy here already, if any
    values: dict[str, Any]
    parts: dict[str, list[dict[str, Any]]]
    shares: list[int]
    # A protected person's identities sealed to this node: (organisation, purpose,
    # identity), opened, and her pseudonym.
    identities: list[tuple[int, str, dict[str, Any]]]
    pseudonym: str | None
    hops: list[str]
    relayed: list[dict[str, str]]  # her identities sealed to other nodes, to pass on


def take_batch(state: Incoming, taken: Taken, kind: str, batch: Sequence[Placed]) -> None:
    model: Any = FEDERATED_KINDS[kind]
    table: Table = model.__table__
    name = str(table.name)
    withdrawn = _tombstones(state, name, batch)
    newer = []
    for placed in batch:
        gid, version = placed.record["global_id"], placed.record["version"]
        found = state.known.get((name, gid))
        if (found is not None and found[1] >= version) or withdrawn.get(gid, 0) >= version:
            taken.unchanged += 1
        else:
            newer.append(placed)
    if not newer:
        return
    _look_up_links(state, model, newer)
    copies = [_copy(state, model, placed) for placed in newer]
    if not _written(state, kind, model, copies):
        for copy in copies:  # one by one: only those that cannot be stored wait
            _write_alone(state, taken, kind, model, copy)
        return
    inserted = sum(1 for copy in copies if copy.record_id is None)
    taken.count(kind, inserted, len(copies) - inserted)
    taken.identities = state.identities


def _tombstones(state: Incoming, name: str, batch: Sequence[Placed]) -> dict[str, int]:
    """The versions withdrawn here of the records of the batch with no copy here."""
    absent = [
        p.record["global_id"] for p in batch if (name, p.record["global_id"]) not in state.known
    ]
    if not absent or not state.has_tombstones:
        return {}
    query = select(FederationTombstone.global_id, FederationTombstone.version).where(
        FederationTombstone.record_table == name, FederationTombstone.global_id.in_(absent)
    )
    return {gid: version for gid, version in state.session.execute(query)}


def _write_alone(state: Incoming, taken: Taken, kind: str, model: Any, copy: Copy) -> None:
    if not _written(state, kind, model, [copy]):
        taken.held_back += 1  # a link it cannot do without has not reached this node
        return
    new = copy.record_id is None
    taken.count(kind, int(new), int(not new))
    taken.identities = state.identities


def _written(state: Incoming, kind: str, model: Any, copies: Sequence[Copy]) -> bool:
    """Write the copies in a savepoint; False, with nothing written or learnt, if a
    constraint refuses one of them."""
    name = str(model.__tablename__)
    learnt = {c.global_id: state.known.get((name, c.global_id)) for c in copies}
    identities = state.identities
    savepoint = state.session.begin_nested()
    try:
        _write(state, kind, model, copies)
    except IntegrityError:
        savepoint.rollback()
        state.identities = identities
        for gid, before in learnt.items():
            if before is None:
                state.known.pop((name, gid), None)
                state.origins.pop((name, gid), None)
            else:
                state.known[(name, gid)] = before
        return False
    savepoint.commit()
    return True


def _links(table: Table, fields: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for name, value in fields.items():
        column = table.columns.get(name)
        if column is None or not isinstance(value, dict):
            continue
        target = link_of(column)
        if target in RECORD_TABLES and isinstance(value.get(GLOBAL_ID), str):
            yield str(target), value[GLOBAL_ID]


def _look_up_links(state: Incoming, model: Any, batch: Sequence[Placed]) -> None:
    """The records the batch's fields and parts point at, a query per linked table."""
    wanted: dict[str, set[str]] = defaultdict(set)
    parts = part_tables(model)
    for placed in batch:
        for target, gid in _links(model.__table__, placed.record.get("fields") or {}):
            wanted[target].add(gid)
        for rel, rows in (placed.record.get("parts") or {}).items():
            if rel in parts and isinstance(rows, list):
                for row in rows:
                    if isinstance(row, dict):
                        for target, gid in _links(parts[rel][0], row):
                            wanted[target].add(gid)
    for target, gids in wanted.items():
        state.look_up(target, gids)


@cache
def part_tables(model: Any) -> dict[str, tuple[Table, str]]:
    """A record's parts (a person's names), not linked records with markings of their
    own, which travel by their own marking."""
    models: dict[str, tuple[Any, str]] = dict(part_models(model))
    return {
        rel: (part.__table__, parent)
        for rel, (part, parent) in models.items()
        if not hasattr(part, "org_id")
    }


@cache
def travelling(table: Table) -> frozenset[str]:
    """The columns a bundle's fields may carry: those it leaves out are empty."""
    return frozenset(
        c.name
        for c in table.columns
        if c.name not in MARKING_COLUMNS and link_of(c) in (None, "organisation", *RECORD_TABLES)
    )


def _copy(state: Incoming, model: Any, placed: Placed) -> Copy:
    record, where = placed.record, placed.where
    table: Table = model.__table__
    owner = state.org_ids.get(str(record.get("owner")))
    if owner is None:
        raise Refusal(
            f"{where}.owner", record.get("owner"), N_("is not an organisation named here")
        )
    fields = record.get("fields") or {}
    if not isinstance(fields, dict):
        raise Refusal(f"{where}.fields", type(fields).__name__, N_("is not an object"))
    values = decoded(table, fields, f"{where}.fields", state.local_id, state.org_id)
    found = state.known.get((str(table.name), record["global_id"]))
    if found is not None:  # rewritten whole: what the origin emptied is empty here
        values = {name: None for name in travelling(table)} | values
    for name in MARKING_TEXT:
        values[name] = record.get(name)
    values.update(
        org_id=owner,
        origin_node_id=placed.origin_id or state.sender.id,
        global_id=record["global_id"],
        version=record["version"],
        sharing_group_id=state.group_ids.get(str(record.get("group"))),
        deleted_at=None,
        deletion_reason=None,
    )
    parts: dict[str, list[dict[str, Any]]] = {}
    given = record.get("parts") or {}
    for rel, (part_table, _parent) in part_tables(model).items():
        rows = given.get(rel) or []
        parts[rel] = [
            decoded(part_table, row, f"{where}.parts.{rel}[{i}]", state.local_id, state.org_id)
            for i, row in enumerate(rows)
        ]
    codes = record.get("shared_with") or []
    shares = [state.org_ids[c] for c in codes if c in state.org_ids]
    pseudonym = record.get("pseudonym")
    return Copy(
        record["global_id"],
        found[0] if found else None,
        values,
        parts,
        shares,
        opened_identities(state, where, record),
        pseudonym if isinstance(pseudonym, str) else None,
        list(record.get("hops") or [record["origin"]]),
        relayed_identities(state, record),
    )


def _by_shape(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Rows grouped by the columns they set: one executemany statement per group (a
    column left out keeps its default)."""
    shapes: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        shapes[frozenset(row)].append(row)
    yield from shapes.values()


def _write(state: Incoming, kind: str, model: Any, copies: Sequence[Copy]) -> None:
    session = state.session
    table: Table = model.__table__
    name = str(table.name)
    inserting = insert(table).returning(table.c.global_id, table.c.id, table.c.version)
    for rows in _by_shape(c.values for c in copies if c.record_id is None):
        origin = {row["global_id"]: row["origin_node_id"] for row in rows}
        for gid, record_id, version in session.execute(inserting, rows):
            state.learn(name, gid, record_id, version, origin[gid])
    old = [c for c in copies if c.record_id is not None]
    rewrite = update(table).where(table.c.id == bindparam(ROW_ID))
    for rows in _by_shape({**c.values, ROW_ID: c.record_id} for c in old):
        session.execute(rewrite, rows)
    for copy in old:
        assert copy.record_id is not None
        origin = copy.values["origin_node_id"]
        state.learn(name, copy.global_id, copy.record_id, copy.values["version"], origin)
    ids = {c.global_id: state.known[(name, c.global_id)][0] for c in copies}
    rewritten = [ids[c.global_id] for c in old]
    for rel, (part_table, parent) in part_tables(model).items():
        if rewritten:
            session.execute(delete(part_table).where(part_table.c[parent].in_(rewritten)))
        rows_of = [{**row, parent: ids[c.global_id]} for c in copies for row in c.parts[rel]]
        for rows in _by_shape(rows_of):
            session.execute(insert(part_table), rows)
    if rewritten:
        session.execute(
            delete(RecordShare).where(
                RecordShare.record_kind == kind, RecordShare.record_id.in_(rewritten)
            )
        )
    shares = [
        {"record_kind": kind, "record_id": ids[c.global_id], "org_id": org}
        for c in copies
        for org in c.shares
    ]
    if shares:
        session.execute(insert(RecordShare), shares)
    _keep_relay(state, name, ids, rewritten, copies)
    if kind == "person":
        _keep_identities(state, ids, rewritten, copies)


def _keep_relay(
    state: Incoming,
    name: str,
    ids: dict[str, int],
    rewritten: Sequence[int],
    copies: Sequence[Copy],
) -> None:
    """What this node needs to pass a copy on: its hops, when a hub passed it on, and
    a protected person's pseudonym."""
    if rewritten:
        state.session.execute(
            delete(FederationRelay).where(
                FederationRelay.record_table == name, FederationRelay.record_id.in_(rewritten)
            )
        )
    rows = [
        {"record_table": name, "record_id": ids[c.global_id], "hops": ",".join(c.hops),
         "pseudonym": c.pseudonym, "identities": json.dumps(c.relayed) if c.relayed else None}
        for c in copies
        if len(c.hops) > 1 or c.pseudonym is not None or c.relayed
    ]  # fmt: skip
    if rows:
        state.session.execute(insert(FederationRelay), rows)


def _keep_identities(
    state: Incoming, ids: dict[str, int], rewritten: Sequence[int], copies: Sequence[Copy]
) -> None:
    """A newer version replaces a copy's identities: none, once consent is withdrawn."""
    copied_identity.forget(state.session, rewritten)
    for copy in copies:
        if copy.identities:
            assert state.master is not None  # opened_identities refused otherwise
            copied_identity.keep(
                state.session, state.master, ids[copy.global_id], copy.pseudonym, copy.identities
            )
            state.identities += len(copy.identities)
    state.session.flush()
