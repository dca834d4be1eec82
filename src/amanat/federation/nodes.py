"""This node's identity and the peers it trusts, checked before they are stored.

A node is known by a name, the URL its feed is pulled from, and its Ed25519 public key,
exchanged out of band and pinned here: later bundles are accepted only when signed by
the pinned key.  Operators compare keys by fingerprint (``public_key_id``, as for the
audit checkpoint keys).  Every refusal names the field and the value given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amanat.access.audit import public_key_base64, public_key_from, public_key_id
from amanat.access.key_file import KeyLoadError
from amanat.language.i18n import N_
from amanat.register import InvalidValue, Node, Organisation
from amanat.register.node import NAME_LENGTH, URL_LENGTH

NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
SCHEMES = ("https", "http")


@dataclass(frozen=True)
class NodeView:
    """A node as an operator sees it: enough to compare its key by telephone."""

    name: str
    url: str | None
    public_key: str
    fingerprint: str
    is_local: bool
    organisations: int
    # The peer (a hub) it is reached through; None: directly.
    via: str | None = None


def checked_name(name: str, field: str = "NAME") -> str:
    if len(name) > NAME_LENGTH or not NAME_PATTERN.fullmatch(name):
        raise InvalidValue(
            field,
            name,
            N_(
                "is not a node name: up to %(length)s letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            ),
            length=NAME_LENGTH,
        )
    return name


def checked_url(url: str, field: str = "URL") -> str:
    """An http(s) URL with a host and nothing a peer should not see in it."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        raise InvalidValue(field, url, N_("is not a URL")) from None
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise InvalidValue(field, url, N_("is not an http:// or https:// URL with a host"))
    if parts.username is not None or parts.password is not None:
        raise InvalidValue(
            field, url, N_("holds a user name or password: nodes prove who they are by key")
        )
    if parts.query or parts.fragment:
        raise InvalidValue(field, url, N_("has a query or fragment: give the node's base URL"))
    if len(url) > URL_LENGTH:
        raise InvalidValue(
            field, url, N_("is longer than %(length)s characters"), length=URL_LENGTH
        )
    return url.rstrip("/")


def checked_key(text: str, field: str = "KEY") -> Ed25519PublicKey:
    """A public key given as base64 of its 32 bytes (what ``amanat node init`` prints)."""
    try:
        return public_key_from(text.encode("utf-8"), field)
    except KeyLoadError:
        raise InvalidValue(
            field, text, N_("is not an Ed25519 public key (base64 of 32 bytes, or PEM)")
        ) from None


def local_node(session: Session) -> Node | None:
    return session.scalar(select(Node).where(Node.is_local.is_(True)))


def node_by_name(session: Session, name: str, field: str = "NAME") -> Node:
    found = session.scalar(select(Node).where(Node.name == name))
    if found is None:
        raise InvalidValue(field, name, N_("is not a known node (see amanat node list)"))
    return found


def peer_through(session: Session, name: str) -> Node:
    """The peer a new node is reached through (``--via``): a peer pinned here."""
    found = node_by_name(session, name, "--via")
    if found.is_local:
        raise InvalidValue("--via", name, N_("is this node, not a peer"))
    return found


def _refuse_known(session: Session, name: str, key: Ed25519PublicKey) -> None:
    if session.scalar(select(Node.id).where(Node.name == name)) is not None:
        raise InvalidValue("NAME", name, N_("is the name of a node already known here"))
    pinned = session.scalar(select(Node).where(Node.public_key == public_key_base64(key)))
    if pinned is not None:
        raise InvalidValue(
            "KEY",
            public_key_base64(key),
            N_("is already the key of node %(node)r"),
            node=pinned.name,
        )


def add_node(
    session: Session, name: str, url: str | None, key: Ed25519PublicKey, *, is_local: bool
) -> Node:
    """Store a node; ``is_local``: this node (there is only ever one)."""
    checked_name(name)
    if url is not None:
        url = checked_url(url)
    if is_local and (existing := local_node(session)) is not None:
        raise InvalidValue(
            "NAME",
            name,
            N_(
                "cannot be given: this node is already initialised as %(node)r "
                "(key %(fingerprint)s), and its peers have pinned that key"
            ),
            node=existing.name,
            fingerprint=fingerprint(existing),
        )
    _refuse_known(session, name, key)
    node = Node(name=name, url=url, public_key=public_key_base64(key), is_local=is_local)
    session.add(node)
    session.flush()
    return node


def fingerprint(node: Node) -> str:
    return public_key_id(checked_key(node.public_key))


def views(session: Session) -> list[NodeView]:
    """Every node, this one first, then the peers by name."""
    rows = session.execute(
        select(Organisation.node_id, func.count())
        .where(Organisation.node_id.is_not(None))
        .group_by(Organisation.node_id)
    )
    counts: dict[int | None, int] = {node_id: count for node_id, count in rows}
    local_orgs = session.scalar(
        select(func.count()).select_from(Organisation).where(Organisation.node_id.is_(None))
    )
    nodes = list(session.scalars(select(Node).order_by(Node.is_local.desc(), Node.name)))
    names = {node.id: node.name for node in nodes}
    return [
        NodeView(
            node.name,
            node.url,
            node.public_key,
            fingerprint(node),
            node.is_local,
            int(local_orgs or 0) if node.is_local else counts.get(node.id, 0),
            names.get(node.via_node_id) if node.via_node_id is not None else None,
        )
        for node in nodes
    ]
