"""What flows to a peer: the records changed after a sequence whose marking lets them
reach an organisation on that node, and a tombstone for each record that peer was
sent and may no longer have (``withdrawal``).

The filter is the register's own visibility rule (``access.visibility.reaches_any``)
over the peer's organisations, run in the query: what is sent is exactly what some
organisation there could read, so nothing is sent and then hidden.  TLP caps the
distribution when it is set, as locally.  This node's own records go, and the copies
it received that its marking lets reach the peer, unless their originator forbade
passing them on or they would go back to a node they came through (``forwarding``).
A protected person (a victim, a
witness) leaves as the pseudonym alone: names, date of birth, documents, phones,
addresses and notes stay here, except her identity sealed for an organisation of the
peer she consented to share it with (``identities``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amanat.access.identity_vault import PERSON_IDENTITY_COLUMNS, ProtectedIdentity
from amanat.access.models import RecordShare
from amanat.access.vault import MasterKey
from amanat.federation.bundle import FORMAT
from amanat.federation.fields import MARKING_COLUMNS, RECORD_TABLES, encoded, link_of
from amanat.federation.forwarding import (
    hops_of,
    identities_relayed,
    pseudonyms_relayed,
    reached_nodes,
    sendable,
)
from amanat.federation.identities import sealed_identities
from amanat.federation.withdrawal import tombstones
from amanat.intake.completion import part_models
from amanat.register import FEDERATED_KINDS, Node, Organisation, Person
from amanat.register.federation_change import FederationChange
from amanat.register.sharing_group import SharingGroup

CHUNK = 500
MODEL_OF_TABLE: dict[str, Any] = {str(m.__tablename__): m for m in FEDERATED_KINDS.values()}


@dataclass
class Outgoing:
    """A bundle being built for one peer."""

    session: Session
    local: Node
    peer: Node
    master: MasterKey | None = None
    org_codes: dict[int, str] = field(default_factory=dict)
    group_names: dict[int, str] = field(default_factory=dict)
    used_orgs: set[int] = field(default_factory=set)
    global_ids: dict[tuple[str, int], str | None] = field(default_factory=dict)
    sent: dict[int, int] = field(default_factory=dict)  # id -> version, of one chunk
    passed: dict[str, None] = field(default_factory=dict)  # the records' hops, in order

    def __post_init__(self) -> None:
        rows = self.session.execute(select(Organisation.id, Organisation.code))
        self.org_codes = {org_id: code for org_id, code in rows}
        groups = self.session.execute(select(SharingGroup.id, SharingGroup.name))
        self.group_names = {group_id: name for group_id, name in groups}

    def global_id(self, table: str, record_id: int) -> str | None:
        return self.global_ids.get((table, record_id))


def latest_seq(session: Session) -> int:
    return int(session.scalar(select(func.max(FederationChange.seq))) or 0)


def changed(session: Session, after: int, limit: int | None) -> tuple[dict[str, set[int]], int]:
    """The records changed after ``after`` (by table), and the last sequence read."""
    query = (
        select(FederationChange.seq, FederationChange.record_table, FederationChange.record_id)
        .where(FederationChange.seq > after)
        .order_by(FederationChange.seq)
    )
    if limit is not None:
        query = query.limit(limit)
    tables: dict[str, set[int]] = defaultdict(set)
    upto = after
    for seq, table, record_id in session.execute(query):
        tables[table].add(record_id)
        upto = seq
    return tables, upto


def bundle_for(
    session: Session,
    local: Node,
    peer: Node,
    after: int,
    limit: int | None = None,
    master: MasterKey | None = None,
) -> dict[str, Any]:
    """The (unsigned) bundle of what ``peer`` may have of the changes after ``after``;
    ``master`` opens the identities victims consented to share with its organisations."""
    out = Outgoing(session, local, peer, master)
    tables, upto = changed(session, after, limit)
    records: list[dict[str, Any]] = []
    withdrawn: list[dict[str, Any]] = []
    for kind, model in FEDERATED_KINDS.items():
        ids = sorted(tables.get(str(model.__tablename__), ()))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            out.sent = {}
            records += _with_identities(out, list(_records(out, kind, model, chunk)))
            withdrawn += tombstones(session, peer, kind, model, chunk, out.sent, upto)
    organisations = [
        {"code": out.org_codes[org_id], **_organisation(session, org_id, local)}
        for org_id in sorted(out.used_orgs)
    ]
    return {
        "format": FORMAT,
        "from": local.name,
        "to": peer.name,
        "hops": [*(hop for hop in out.passed if hop != local.name), local.name],
        "after": after,
        "upto": upto,
        "organisations": organisations,
        "records": records,
        "withdrawn": withdrawn,
    }


def _with_identities(out: Outgoing, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    protected = {r["id"]: r["record"] for r in records if "pseudonym" in r["record"]}
    sealed_identities(out.session, out.master, out.local, out.peer, protected)
    identities_relayed(out.session, out.peer, protected)
    return [r["record"] for r in records]


def _organisation(session: Session, org_id: int, local: Node) -> dict[str, Any]:
    org = session.get_one(Organisation, org_id)
    node = local.name if org.node_id is None else session.get_one(Node, org.node_id).name
    described = {"name": org.name, "kind": org.kind, "country": org.country, "node": node}
    return {k: v for k, v in described.items() if v is not None}


def _records(out: Outgoing, kind: str, model: Any, ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    table = model.__table__
    query = (
        select(*table.columns)
        .where(model.id.in_(ids), sendable(model, out.peer))
        .order_by(model.id)
    )
    rows = [dict(row._mapping) for row in out.session.execute(query)]
    if not rows:
        return
    found = [row["id"] for row in rows]
    parts = {rel: _parts(out, part, parent, found) for rel, (part, parent) in _part_models(model)}
    shares = _shared_with(out, kind, found)
    pseudonyms = _pseudonyms(out.session, found) if model is Person else {}
    hops = hops_of(out.session, out.local, str(table.name), rows)
    _learn_global_ids(
        out,
        [
            (table, rows),
            *(
                (_part_table(model, rel), chain.from_iterable(by.values()))
                for rel, by in parts.items()
            ),
        ],
    )
    for row in rows:
        record_id = row["id"]
        out.sent[record_id] = row["version"]
        out.passed.update(dict.fromkeys(hops[record_id]))
        protected = model is Person and row["is_protected"]
        skip = MARKING_COLUMNS | frozenset(PERSON_IDENTITY_COLUMNS if protected else ())
        record: dict[str, Any] = {
            "kind": kind,
            "global_id": row["global_id"],
            "version": row["version"],
            "origin": hops[record_id][0],
            "owner": out.org_codes[row["org_id"]],
            "tlp": row["tlp"],
            "handling": row["handling"],
            "distribution": row["distribution"],
            "group": out.group_names.get(row["sharing_group_id"] or 0),
            "shared_with": shares.get(record_id, []),
            "fields": encoded(table, row, skip, out.global_id, out.org_codes),
            "parts": {
                rel: [
                    encoded(
                        _part_table(model, rel),
                        part_row,
                        frozenset({"id", _parent(model, rel)}),
                        out.global_id,
                        out.org_codes,
                    )
                    for part_row in by.get(record_id, [])
                ]
                for rel, by in parts.items()
                if not protected  # her names, documents, phones and addresses stay
            },
        }
        if len(hops[record_id]) > 1:  # passed on: else its hops are its origin alone
            record["hops"] = hops[record_id]
        if protected:
            record["pseudonym"] = pseudonyms.get(record_id)
        yield {"id": record_id, "record": record}


def _part_models(model: Any) -> list[tuple[str, tuple[Any, str]]]:
    """A record's parts (a person's names): not linked records with markings of their
    own, which travel by their own marking."""
    return [
        (r, found) for r, found in part_models(model).items() if not hasattr(found[0], "org_id")
    ]


def _part_table(model: Any, rel: str) -> Any:
    return dict(_part_models(model))[rel][0].__table__


def _parent(model: Any, rel: str) -> str:
    return dict(_part_models(model))[rel][1]


def _parts(
    out: Outgoing, part: Any, parent: str, ids: Sequence[int]
) -> dict[int, list[dict[str, Any]]]:
    table = part.__table__
    link = table.columns[parent]
    query = select(*table.columns).where(link.in_(ids)).order_by(link, table.columns["id"])
    by: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in out.session.execute(query):
        values = dict(row._mapping)
        by[values[parent]].append(values)
    return by


def _learn_global_ids(out: Outgoing, pairs: Sequence[tuple[Any, Iterable[dict[str, Any]]]]) -> None:
    """Look up, in one query per linked table, the global ids the rows point at, and
    note the organisations they name (the bundle describes each)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for table, rows in pairs:
        links = [(c.name, link_of(c)) for c in table.columns if link_of(c) in RECORD_TABLES]
        orgs = [c.name for c in table.columns if link_of(c) == "organisation"]
        for row in rows:
            for name, target in links:
                if row[name] is not None:
                    wanted[str(target)].add(row[name])
            out.used_orgs.update(row[name] for name in orgs if row[name] is not None)
    for target, ids in wanted.items():
        model = MODEL_OF_TABLE[target]
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            found = out.session.execute(
                select(model.id, model.global_id).where(model.id.in_(chunk))
            )
            out.global_ids.update({(target, rid): gid for rid, gid in found})


def _shared_with(out: Outgoing, kind: str, ids: Sequence[int]) -> dict[int, list[str]]:
    """The peer's organisations each record is shared with by name."""
    query = (
        select(RecordShare.record_id, Organisation.code)
        .join(Organisation, Organisation.id == RecordShare.org_id)
        .where(
            RecordShare.record_kind == kind,
            RecordShare.record_id.in_(ids),
            reached_nodes(out.peer),
        )
        .order_by(RecordShare.record_id, Organisation.code)
    )
    shared: dict[int, list[str]] = defaultdict(list)
    for record_id, code in out.session.execute(query):
        shared[record_id].append(code)
    return shared


def _pseudonyms(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """Her pseudonym: kept in the vault for this node's own, with a copy for another's."""
    query = select(ProtectedIdentity.person_id, ProtectedIdentity.pseudonym).where(
        ProtectedIdentity.person_id.in_(ids)
    )
    own = {person_id: pseudonym for person_id, pseudonym in session.execute(query)}
    return pseudonyms_relayed(session, ids) | own
