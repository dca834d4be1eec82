"""Taking a verified bundle: each record stored as a copy of its origin's, idempotent
on (global id, version), so a replayed, duplicated or reordered bundle changes
nothing.

Only the origin changes a record: a record from a node other than the bundle's
sender, or one that is here already as another node's (or this node's own), refuses
the whole bundle before anything is written.  A copy keeps its marking, owner and
origin, and is read here through the same visibility rule as every record: by the
local organisations in its sharing group (matched by name) or named in its shares.
A link to a record that has not reached this node is left empty; a copy that cannot
be stored without it (a case role whose case is not here) is held back and counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from amanat.access.models import RecordShare
from amanat.federation.bundle import Refusal
from amanat.federation.fields import decoded
from amanat.federation.outgoing import MODEL_OF_TABLE
from amanat.intake.completion import part_models
from amanat.register import FEDERATED_KINDS, Node, Organisation
from amanat.register.sharing_group import SharingGroup

MARKING_TEXT = ("tlp", "handling", "distribution")


@dataclass
class Taken:
    """What a bundle changed here, for the audit entry."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    held_back: int = 0
    organisations: int = 0
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Incoming:
    session: Session
    sender: Node
    org_ids: dict[str, int] = field(default_factory=dict)
    org_nodes: dict[str, int | None] = field(default_factory=dict)
    group_ids: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for org_id, code, node_id in self.session.execute(
            select(Organisation.id, Organisation.code, Organisation.node_id)
        ):
            self.org_ids[code] = org_id
            self.org_nodes[code] = node_id
        groups = self.session.execute(select(SharingGroup.name, SharingGroup.id))
        self.group_ids = {name: group_id for name, group_id in groups}

    def local_id(self, table: str, global_id: str) -> int | None:
        model = MODEL_OF_TABLE[table]
        found = self.session.scalar(select(model.id).where(model.global_id == global_id))
        return int(found) if found is not None else None

    def org_id(self, code: str) -> int | None:
        return self.org_ids.get(code)


def take(session: Session, sender: Node, bundle: dict[str, Any]) -> Taken:
    """Store the bundle's records (it is verified and addressed here); a refusal raises
    ``Refusal`` before anything is written."""
    state = Incoming(session, sender)
    records = _checked(state, bundle)
    taken = Taken()
    taken.organisations = _organisations(state, bundle["organisations"])
    for position, record in records:
        _take_one(state, taken, position, record)
    return taken


def _checked(state: Incoming, bundle: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """The records in the order they can be stored, each checked for what only its
    origin may do."""
    records = bundle["records"]
    if not isinstance(records, list):
        raise Refusal("records", type(records).__name__, "is not a list")
    order = {kind: rank for rank, kind in enumerate(FEDERATED_KINDS)}
    checked: list[tuple[int, dict[str, Any]]] = []
    for position, record in enumerate(records):
        where = f"records[{position}]"
        if not isinstance(record, dict) or record.get("kind") not in FEDERATED_KINDS:
            value = record.get("kind") if isinstance(record, dict) else record
            raise Refusal(f"{where}.kind", value, "is not a kind of record")
        if record.get("origin") != state.sender.name:
            raise Refusal(
                f"{where}.origin",
                record.get("origin"),
                f"is not the sender {state.sender.name!r}: only a record's origin changes it",
            )
        model: Any = FEDERATED_KINDS[record["kind"]]
        existing = state.session.execute(
            select(model.origin_node_id).where(model.global_id == str(record.get("global_id")))
        ).first()
        if existing is not None and existing[0] != state.sender.id:
            raise Refusal(
                f"{where}.global_id",
                record.get("global_id"),
                f"is a record of another node here, not of {state.sender.name!r}: "
                "only its origin changes it",
            )
        owner = record.get("owner")
        if state.org_nodes.get(str(owner), state.sender.id) != state.sender.id:
            raise Refusal(
                f"{where}.owner",
                owner,
                f"is not an organisation of node {state.sender.name!r} here",
            )
        checked.append((position, record))
    checked.sort(key=lambda found: (order[found[1]["kind"]], found[0]))
    return checked


def _organisations(state: Incoming, described: Sequence[Any]) -> int:
    """Register the sender's organisations this bundle names and this node does not
    know yet, as organisations of the sender's node."""
    added = 0
    for position, org in enumerate(described):
        code = org.get("code") if isinstance(org, dict) else None
        if not isinstance(code, str) or code in state.org_ids:
            continue
        if org.get("node") != state.sender.name:
            continue  # another node's organisation: its links are left empty
        try:
            made = Organisation(
                code=code,
                name=str(org.get("name") or code),
                kind=org.get("kind"),
                country=org.get("country"),
                node_id=state.sender.id,
            )
        except ValueError as exc:
            raise Refusal(f"organisations[{position}]", code, str(exc)) from None
        state.session.add(made)
        state.session.flush()
        state.org_ids[code] = made.id
        state.org_nodes[code] = state.sender.id
        added += 1
    return added


def _take_one(state: Incoming, taken: Taken, position: int, record: dict[str, Any]) -> None:
    where = f"records[{position}]"
    model: Any = FEDERATED_KINDS[record["kind"]]
    table: Table = model.__table__
    existing = state.session.execute(
        select(model.id, model.version).where(model.global_id == record["global_id"])
    ).first()
    version = record.get("version")
    if not isinstance(version, int) or version < 1:
        raise Refusal(f"{where}.version", version, "is not a version number")
    if existing is not None and existing.version >= version:
        taken.unchanged += 1
        return
    owner = state.org_ids.get(str(record.get("owner")))
    if owner is None:
        raise Refusal(f"{where}.owner", record.get("owner"), "is not an organisation named here")
    values = decoded(
        table, record.get("fields") or {}, f"{where}.fields", state.local_id, state.org_id
    )
    for name in MARKING_TEXT:
        values[name] = record.get(name)
    values.update(
        org_id=owner,
        origin_node_id=state.sender.id,
        global_id=record["global_id"],
        version=version,
        sharing_group_id=state.group_ids.get(str(record.get("group"))),
    )
    savepoint = state.session.begin_nested()
    try:
        if existing is None:
            record_id = state.session.execute(
                insert(table).values(values).returning(table.c.id)
            ).scalar_one()
        else:
            record_id = existing.id
            state.session.execute(update(table).where(table.c.id == record_id).values(values))
        _replace_parts(state, model, record_id, record.get("parts") or {}, where)
        _replace_shares(state, record["kind"], record_id, record.get("shared_with") or [])
    except IntegrityError:
        savepoint.rollback()  # a link it cannot do without has not reached this node
        taken.held_back += 1
        return
    savepoint.commit()
    if existing is None:
        taken.inserted += 1
    else:
        taken.updated += 1
    taken.counts[record["kind"]] = taken.counts.get(record["kind"], 0) + 1


def _replace_parts(
    state: Incoming, model: Any, record_id: int, parts: dict[str, Any], where: str
) -> None:
    found: dict[str, tuple[Any, str]] = dict(part_models(model))
    for rel, (part, parent) in found.items():
        if hasattr(part, "org_id"):
            continue
        table: Table = part.__table__
        state.session.execute(delete(table).where(table.c[parent] == record_id))
        rows = parts.get(rel) or []
        values = [
            {
                **decoded(table, row, f"{where}.parts.{rel}[{i}]", state.local_id, state.org_id),
                parent: record_id,
            }
            for i, row in enumerate(rows)
        ]
        if values:
            state.session.execute(insert(table), values)


def _replace_shares(state: Incoming, kind: str, record_id: int, codes: Sequence[Any]) -> None:
    state.session.execute(
        delete(RecordShare).where(
            RecordShare.record_kind == kind, RecordShare.record_id == record_id
        )
    )
    local = [state.org_ids[code] for code in codes if state.org_nodes.get(code, 0) is None]
    if local:
        state.session.execute(
            insert(RecordShare),
            [{"record_kind": kind, "record_id": record_id, "org_id": o} for o in local],
        )
