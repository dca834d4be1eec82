"""Nodes of the federation, by the system operator: this node's identity, the peers
whose keys are pinned, and the list of both.

A node's identity is its name and Ed25519 key pair; the private key is written to a
key file by the command line (never to the database) and only its public half is
recorded here.  Initialising this node and pinning a peer are audited with the key's
fingerprint; the list shows names and public keys, no record.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from amanat.access.audit import public_key_id
from amanat.actions.door import Context, Scope, action
from amanat.federation import nodes
from amanat.federation.nodes import NodeView
from amanat.register import Node


@action(
    "node.init",
    "Give this node its identity in the federation: a name, its URL and the public "
    "half of its key pair (once; peers pin that key)",
    scope=Scope.system,
    audit="node_initialised",
)
def init_node(ctx: Context, name: str, url: str | None, key: Ed25519PublicKey) -> Node:
    node = nodes.add_node(ctx.session, name, url, key, is_local=True)
    ctx.audit("node", node.id, name=name, url=node.url, key_fingerprint=public_key_id(key))
    return node


@action(
    "node.add",
    "Pin a peer node: its name, the URL of its feed and its public key, exchanged out of band",
    scope=Scope.system,
    audit="node_added",
)
def add_node(ctx: Context, name: str, url: str, key_text: str, via: str | None = None) -> Node:
    key = nodes.checked_key(key_text)
    hub = None if via is None else nodes.peer_through(ctx.session, via)
    node = nodes.add_node(ctx.session, name, nodes.checked_url(url), key, is_local=False)
    node.via_node_id = None if hub is None else hub.id
    ctx.audit("node", node.id, name=name, url=node.url, key_fingerprint=public_key_id(key), via=via)
    return node


@action(
    "node.list",
    "This node and its peers: name, URL, key fingerprint, organisations",
    scope=Scope.system,
    read_only=True,
    unaudited_because="node names and public keys, no record",
)
def list_nodes(ctx: Context) -> list[NodeView]:
    return nodes.views(ctx.session)
