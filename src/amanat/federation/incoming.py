"""Taking a verified bundle: each record stored as a copy of its origin's, idempotent
on (global id, version), so a replayed, duplicated or reordered bundle changes
nothing.

Only the origin changes a record: a record that is here already as another node's
(or this node's own) refuses the whole bundle before anything is written.  A record
comes from its origin, or is passed on by a hub (``forwarding``): its hops run from
its origin, a node pinned here, to the sender, and a record whose hops name this node
would loop, which refuses the bundle too.  A copy keeps its marking, owner and
origin, and is read here through the same visibility rule as every record: by the
local organisations in its sharing group (matched by name) or named in its shares.
A link to a record that has not reached this node is left empty; a copy that cannot
be stored without it (a case role whose case is not here) is held back and counted.
The bundle's tombstones then withdraw the copies its sender no longer lets this node
have (``withdrawn``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from amanat.access.vault import MasterKey
from amanat.federation.bundle import Refusal
from amanat.federation.copies import take_batch
from amanat.federation.known import Incoming, Placed, Taken
from amanat.federation.withdrawn import checked_tombstones, withdraw
from amanat.language.i18n import N_
from amanat.register import FEDERATED_KINDS, Node, Organisation

BATCH = 2000  # records of a kind written together


def take(
    session: Session,
    sender: Node,
    bundle: dict[str, Any],
    key: Ed25519PrivateKey | None = None,
    master: MasterKey | None = None,
) -> Taken:
    """Store the bundle's records (it is verified and addressed here); a refusal raises
    ``Refusal`` before anything is written."""
    state = Incoming(session, sender, str(bundle["to"]), key, master)
    records = _checked(state, bundle)
    tombstones = checked_tombstones(state, bundle["withdrawn"])
    taken = Taken()
    origins = {str(p.record["origin"]) for placed in records.values() for p in placed}
    taken.organisations = _organisations(state, bundle["organisations"], origins)
    for kind in FEDERATED_KINDS:
        of_kind = records.get(kind, [])
        for start in range(0, len(of_kind), BATCH):
            take_batch(state, taken, kind, of_kind[start : start + BATCH])
    for kind, of_kind in tombstones.items():
        for start in range(0, len(of_kind), BATCH):
            withdraw(state, taken, kind, of_kind[start : start + BATCH])
    return taken


def _checked(state: Incoming, bundle: dict[str, Any]) -> dict[str, list[Placed]]:
    """The records by kind, in the order they can be stored, each checked for what
    only its origin may do; of one global id twice, the highest version."""
    records = bundle["records"]
    if not isinstance(records, list):
        raise Refusal("records", type(records).__name__, N_("is not a list"))
    by_kind: dict[str, dict[str, Placed]] = defaultdict(dict)
    for position, record in enumerate(records):
        where = f"records[{position}]"
        if not isinstance(record, dict) or record.get("kind") not in FEDERATED_KINDS:
            value = record.get("kind") if isinstance(record, dict) else record
            raise Refusal(f"{where}.kind", value, N_("is not a kind of record"))
        origin_id = _origin(state, where, record)
        if not isinstance(record.get("global_id"), str):
            raise Refusal(f"{where}.global_id", record.get("global_id"), N_("is not a global id"))
        version = record.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise Refusal(f"{where}.version", version, N_("is not a version number"))
        same = by_kind[record["kind"]]  # the same record twice: its latest version
        earlier = same.get(record["global_id"])
        if earlier is None or earlier.record["version"] < version:
            same[record["global_id"]] = Placed(where, record, origin_id)
    for kind, placed in by_kind.items():
        state.look_up(str(FEDERATED_KINDS[kind].__tablename__), placed)
    for of_kind in by_kind.values():
        for one in of_kind.values():
            _only_its_origin(state, one)
    return {kind: list(placed.values()) for kind, placed in by_kind.items()}


def _origin(state: Incoming, where: str, record: dict[str, Any]) -> int:
    """The record's origin node here: the sender, or a node pinned here whose record
    the sender passes on; its hops must not name this node (a loop)."""
    origin = record.get("origin")
    hops = record.get("hops", [origin])  # a bundle of a node that passes nothing on
    if not isinstance(hops, list) or not hops or not all(isinstance(h, str) for h in hops):
        raise Refusal(f"{where}.hops", hops, N_("is not a list of node names"))
    if state.local_name in hops:
        raise Refusal(
            f"{where}.hops",
            ",".join(hops),
            N_("already passed through %(node)r: a loop"),
            node=state.local_name,
        )
    if hops[0] != origin or hops[-1] != state.sender.name:
        raise Refusal(
            f"{where}.hops",
            ",".join(hops),
            N_("does not run from the record's origin to the sender %(node)r"),
            node=state.sender.name,
        )
    if origin == state.sender.name:
        return state.sender.id
    if str(origin) not in state.node_ids:
        raise Refusal(f"{where}.origin", origin, N_("is not a known node (see amanat node list)"))
    return state.node_ids[str(origin)]


def _only_its_origin(state: Incoming, placed: Placed) -> None:
    where, record, origin = placed.where, placed.record, placed.origin_id
    name = str(record.get("origin"))
    table, gid = str(FEDERATED_KINDS[record["kind"]].__tablename__), record["global_id"]
    if (table, gid) in state.origins and state.origins[(table, gid)] != origin:
        raise Refusal(
            f"{where}.global_id",
            gid,
            N_("is a record of another node here, not of %(node)r: only its origin changes it"),
            node=name,
        )
    owner = record.get("owner")
    if state.org_nodes.get(str(owner), origin) != origin:
        raise Refusal(
            f"{where}.owner",
            owner,
            N_("is not an organisation of node %(node)r here"),
            node=name,
        )


def _organisations(state: Incoming, described: Sequence[Any], origins: set[str]) -> int:
    """Register the organisations of the records' origins (the sender's, and those
    of the nodes whose records it passes on) that this bundle names and this node
    does not know yet, as organisations of their node."""
    added = 0
    for position, org in enumerate(described):
        code = org.get("code") if isinstance(org, dict) else None
        if not isinstance(code, str) or code in state.org_ids:
            continue
        node = org.get("node")
        if node not in origins or node not in state.node_ids:
            continue  # another node's organisation: its links are left empty
        try:
            made = Organisation(
                code=code,
                name=str(org.get("name") or code),
                kind=org.get("kind"),
                country=org.get("country"),
                node_id=state.node_ids[node],
            )
        except ValueError as exc:
            # The organisation's own check says why, in English (not a msgid).
            raise Refusal(f"organisations[{position}]", code, str(exc)) from None
        state.session.add(made)
        state.session.flush()
        state.org_ids[code] = made.id
        state.org_nodes[code] = state.node_ids[node]
        added += 1
    return added
