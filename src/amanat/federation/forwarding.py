"""What a node passes on (issue 18, items 3 and 4): its own records, and the copies
it received from other nodes — a hub is any node that passes copies on.

One rule, in the query, for both: the marking must let the record reach an
organisation of the peer, or of a node reached through the peer (``amanat node add
--via``: a hub passes it on) unless its handling code is H2
(``access.visibility.reaches_any``, the rule of local visibility).  A copy goes on
under its origin's marking as received (its sharing group matched by name here, its
named shares), and only when

- its handling code is not H2 ("no onward dissemination without the originator's
  permission"): the originator's control, which a hub never overrides;
- the peer is not its origin, nor a node it has already passed through (its hops,
  ``FederationRelay``): nothing loops.

A record's hops travel with it, origin first; each node that passes it on adds
itself, and a receiver refuses a record whose hops name it (``incoming``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, literal, not_, or_, select
from sqlalchemy.orm import Session

from amanat.access.visibility import reaches_any
from amanat.register import Node, Organisation
from amanat.register.federation_relay import FederationRelay

NO_ONWARD = "H2"  # handling code: no onward dissemination (vocab handling_code)
HOP_SEPARATOR = ","


def sendable(model: Any, peer: Node) -> ColumnElement[bool]:
    """A WHERE clause: the rows of ``model`` this node may send ``peer``."""
    table = str(model.__tablename__)
    peer_orgs = select(Organisation.id).where(Organisation.node_id == peer.id)
    beyond_orgs = select(Organisation.id).where(Organisation.node_id.in_(beyond(peer)))
    onward = or_(model.handling.is_(None), model.handling != NO_ONWARD)
    hops = literal(HOP_SEPARATOR) + FederationRelay.hops + literal(HOP_SEPARATOR)
    been_there = exists().where(
        FederationRelay.record_table == table,
        FederationRelay.record_id == model.id,
        hops.contains(f"{HOP_SEPARATOR}{peer.name}{HOP_SEPARATOR}", autoescape=True),
    )
    passed_on = and_(model.origin_node_id != peer.id, onward, not_(been_there))
    reaches = or_(reaches_any(model, peer_orgs), and_(onward, reaches_any(model, beyond_orgs)))
    return and_(or_(model.origin_node_id.is_(None), passed_on), reaches)


def beyond(peer: Node) -> Select[Any]:
    """The nodes reached through ``peer`` (its hub's other nodes)."""
    return select(Node.id).where(Node.via_node_id == peer.id)


def reached_nodes(peer: Node) -> ColumnElement[bool]:
    """Organisations (by their node) a record sent to ``peer`` may reach."""
    return or_(Organisation.node_id == peer.id, Organisation.node_id.in_(beyond(peer)))


def hops_of(
    session: Session, local: Node, table: str, rows: Sequence[dict[str, Any]]
) -> dict[int, list[str]]:
    """Each row's hops as it leaves this node: where it passed through, then here."""
    origins = {row["origin_node_id"] for row in rows if row["origin_node_id"] is not None}
    if not origins:
        return {row["id"]: [local.name] for row in rows}
    names = dict(session.execute(select(Node.id, Node.name).where(Node.id.in_(origins))).all())
    copies = [row["id"] for row in rows if row["origin_node_id"] is not None]
    relayed = dict(
        session.execute(
            select(FederationRelay.record_id, FederationRelay.hops).where(
                FederationRelay.record_table == table, FederationRelay.record_id.in_(copies)
            )
        ).all()
    )
    hops: dict[int, list[str]] = {}
    for row in rows:
        origin = row["origin_node_id"]
        if origin is None:
            hops[row["id"]] = [local.name]
        elif row["id"] in relayed:
            hops[row["id"]] = [*relayed[row["id"]].split(HOP_SEPARATOR), local.name]
        else:
            hops[row["id"]] = [names[origin], local.name]
    return hops


def identities_relayed(session: Session, peer: Node, records: dict[int, dict[str, Any]]) -> None:
    """Add to protected persons' copies (by id) the identities their origin sealed for
    organisations of the peer or beyond it: ciphertext this node cannot read."""
    query = select(FederationRelay.record_id, FederationRelay.identities).where(
        FederationRelay.record_table == "person",
        FederationRelay.record_id.in_(list(records)),
        FederationRelay.identities.is_not(None),
    )
    kept = list(session.execute(query)) if records else []
    if not kept:
        return
    reached = set(session.scalars(select(Organisation.code).where(reached_nodes(peer))))
    for record_id, identities in kept:
        onward = [entry for entry in json.loads(str(identities)) if entry["org"] in reached]
        if onward:
            records[record_id].setdefault("identities", []).extend(onward)


def pseudonyms_relayed(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """The pseudonyms kept with protected persons' copies: all that is passed on."""
    query = select(FederationRelay.record_id, FederationRelay.pseudonym).where(
        FederationRelay.record_table == "person",
        FederationRelay.record_id.in_(ids),
        FederationRelay.pseudonym.is_not(None),
    )
    return {record_id: str(pseudonym) for record_id, pseudonym in session.execute(query)}
