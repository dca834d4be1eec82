"""`amanat node`: this node's identity in a federation, and the peers it trusts
(``amanat.actions.nodes``).

``init`` writes this node's private key to a new file (mode 0600, never overwritten,
never in the database) and records its name and public key; the public key and its
fingerprint are printed, to be given to the peers out of band.  ``add`` pins a peer's
public key; ``list`` shows every node with its key's fingerprint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rich.console import Console
from rich.table import Table

from amanat.access.audit import private_key_pem, public_key_base64, public_key_id
from amanat.access.key_file import KeyLoadError, write_key_file
from amanat.actions import nodes
from amanat.actions.door import binds
from amanat.cli.door import as_operator
from amanat.cli.federation import app as federation_app
from amanat.cli.language import _, refused
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.federation.nodes import fingerprint
from amanat.store.settings import get_settings

app = typer.Typer(help="This node and its peers in a federation.", no_args_is_help=True)
# `amanat federation`, beside `amanat node` in the command line.
__all__ = ["app", "federation_app"]

KEY_SETTING = "AMANAT_NODE_KEY_FILE"


@app.command("init")
@binds(nodes.init_node)
def init(
    name: Annotated[str, typer.Argument(help="This node's name, e.g. KZ or HUB-ALMATY.")],
    key_file: Annotated[
        Path | None,
        typer.Option(help=f"Where to write the private key (default: ${KEY_SETTING})."),
    ] = None,
    url: Annotated[str | None, typer.Option(help="Where peers pull this node's feed.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Make this node's identity: its name and a new Ed25519 key pair (once)."""
    path = key_file or get_settings().node_key_file
    if path is None:
        fail(_("no key file: give --key-file or set %(setting)s", setting=KEY_SETTING))
    if path.exists():
        fail(
            _("key file already exists, not overwritten: %(path)s", path=path)
        )  # before anything is written
    engine = open_register(database)
    key = Ed25519PrivateKey.generate()
    public = key.public_key()
    with as_operator(engine) as ctx:
        nodes.init_node(ctx, name, url, public)
        try:  # in the transaction: no key file, no identity
            write_key_file(path, private_key_pem(key))
        except (KeyLoadError, OSError) as exc:
            fail(refused(exc))
    typer.echo(
        _(
            "Node %(name)s initialised; keep %(path)s secret and set %(setting)s to it",
            name=name,
            path=path,
            setting=KEY_SETTING,
        )
    )
    typer.echo(_("Public key (give it to the peers): %(key)s", key=public_key_base64(public)))
    typer.echo(_("Fingerprint: %(fingerprint)s", fingerprint=public_key_id(public)))


@app.command("add")
@binds(nodes.add_node)
def add(
    name: Annotated[str, typer.Argument(help="The peer's name.")],
    url: Annotated[str, typer.Argument(help="The peer's base URL, e.g. https://kz.example.")],
    key: Annotated[str, typer.Argument(help="The peer's public key (base64), given out of band.")],
    via: Annotated[
        str | None,
        typer.Option(help="The peer (a hub) this node is reached through, if not directly."),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Pin a peer node's public key."""
    engine = open_register(database)
    with as_operator(engine) as ctx:
        node = nodes.add_node(ctx, name, url, key, via)
        added = _(
            "Node %(name)s added at %(url)s; key fingerprint %(fingerprint)s",
            name=name,
            url=node.url,
            fingerprint=fingerprint(node),
        )
    typer.echo(added)


@app.command("list")
@binds(nodes.list_nodes)
def list_(database: DatabaseOption = None) -> None:
    """List this node and its peers."""
    engine = open_register(database)
    with as_operator(engine) as ctx:
        found = nodes.list_nodes(ctx)
    table = Table(
        _("name"), _("url"), _("key fingerprint"), _("this node"), _("organisations"), _("via")
    )
    for node in found:
        table.add_row(
            node.name,
            node.url or "",
            node.fingerprint,
            _("yes") if node.is_local else _("no"),
            str(node.organisations),
            node.via or "",
        )
    Console(width=200).print(table)
