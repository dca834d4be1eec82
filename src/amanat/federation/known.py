"""What the taking of one bundle knows as it goes: the organisations and groups here,
and the local ids, versions and origins of the records its global ids name, looked up
a chunk at a time rather than a record at a time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access.vault import MasterKey
from amanat.federation.outgoing import CHUNK, MODEL_OF_TABLE
from amanat.register import Node, Organisation
from amanat.register.federation_withdrawal import FederationTombstone
from amanat.register.sharing_group import SharingGroup


@dataclass
class Taken:
    """What a bundle changed here, for the audit entry."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    held_back: int = 0
    withdrawn: int = 0
    organisations: int = 0
    identities: int = 0  # victims' identities kept for organisations here
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, inserted: int, updated: int) -> None:
        self.inserted += inserted
        self.updated += updated
        if inserted + updated:
            self.counts[kind] = self.counts.get(kind, 0) + inserted + updated


@dataclass(frozen=True)
class Placed:
    """A record of the bundle, with its place there (``records[3]``) for a refusal."""

    where: str
    record: dict[str, Any]
    origin_id: int | None = None  # its origin node here (a record; not a tombstone)


@dataclass
class Incoming:
    session: Session
    sender: Node
    local_name: str = ""
    # This node's key and the vault's master key: to open the identities sealed to
    # this node and seal them again for their organisations (``identities``).
    node_key: Ed25519PrivateKey | None = None
    master: MasterKey | None = None
    identities: int = 0  # kept so far (a batch rolled back counts none)
    org_ids: dict[str, int] = field(default_factory=dict)
    org_nodes: dict[str, int | None] = field(default_factory=dict)
    group_ids: dict[str, int] = field(default_factory=dict)
    node_ids: dict[str, int] = field(default_factory=dict)  # the peers pinned here
    # (table, global id) -> local id and version, and origin node, of the records here
    # among those looked up (``looked``).
    known: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    origins: dict[tuple[str, str], int | None] = field(default_factory=dict)
    looked: set[tuple[str, str]] = field(default_factory=set)
    has_tombstones: bool = False

    def __post_init__(self) -> None:
        for org_id, code, node_id in self.session.execute(
            select(Organisation.id, Organisation.code, Organisation.node_id)
        ):
            self.org_ids[code] = org_id
            self.org_nodes[code] = node_id
        peers = self.session.execute(select(Node.name, Node.id).where(Node.is_local.is_(False)))
        self.node_ids = {name: node_id for name, node_id in peers}
        groups = self.session.execute(select(SharingGroup.name, SharingGroup.id))
        self.group_ids = {name: group_id for name, group_id in groups}
        # Most nodes withdrew nothing here yet: then no new copy needs looking for
        # among the tombstones (a hub relays other nodes' withdrawals too).
        withdrawn = select(FederationTombstone.global_id)
        self.has_tombstones = self.session.execute(withdrawn.limit(1)).first() is not None

    def look_up(self, table: str, global_ids: Iterable[str]) -> None:
        """Learn, one query per chunk, which of these global ids are records here."""
        model = MODEL_OF_TABLE[table]
        wanted = sorted({g for g in global_ids if (table, g) not in self.looked})
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            self.looked.update((table, gid) for gid in chunk)
            query = select(model.global_id, model.id, model.version, model.origin_node_id)
            for gid, record_id, version, origin in self.session.execute(
                query.where(model.global_id.in_(chunk))
            ):
                self.learn(table, gid, record_id, version, origin)

    def learn(
        self, table: str, global_id: str, record_id: int, version: int, origin: int | None
    ) -> None:
        self.known[(table, global_id)] = (record_id, version)
        self.origins[(table, global_id)] = origin
        self.looked.add((table, global_id))

    def local_id(self, table: str, global_id: str) -> int | None:
        if (table, global_id) not in self.looked:
            self.look_up(table, [global_id])
        found = self.known.get((table, global_id))
        return found[0] if found is not None else None

    def org_id(self, code: str) -> int | None:
        return self.org_ids.get(code)
