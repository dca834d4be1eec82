"""`amanat federation`: records between this node and its pinned peers
(``amanat.actions.federation``).

``export`` writes a signed bundle for a peer to a file (for removable media between
air-gapped networks), ``import`` takes one, and ``status`` shows each peer's cursors.
A refused bundle is audited, then the command exits 1 naming the field and value.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from amanat.access.audit import load_private_key
from amanat.access.key_file import KeyLoadError
from amanat.access.vault import MasterKey
from amanat.actions import federation
from amanat.actions.door import binds
from amanat.cli.door import as_operator, optional_master_key
from amanat.cli.language import _, refused
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.federation.acks import is_acknowledgement
from amanat.federation.requests import FEED_PATH, PAGE, signed_headers
from amanat.federation.transfer import Received, peer_named, this_node
from amanat.store.settings import get_settings

app = typer.Typer(help="Records between this node and its peers.", no_args_is_help=True)

KEY_SETTING = "AMANAT_NODE_KEY_FILE"
PULL_TIMEOUT_S = 300
BACKOFF_MAX_S = 300.0
KeyFileOption = Annotated[
    Path | None, typer.Option(help=f"This node's private key (default: ${KEY_SETTING}).")
]


def node_key(given: Path | None) -> Ed25519PrivateKey:
    key = optional_node_key(given)
    if key is None:
        fail(_("no node key: give --key-file or set %(setting)s", setting=KEY_SETTING))
    return key


def optional_node_key(given: Path | None) -> Ed25519PrivateKey | None:
    """This node's key if one is given or configured (an import needs it only to open
    victims' identities sealed to this node)."""
    path = given or get_settings().node_key_file
    if path is None:
        return None
    try:
        return load_private_key(path, "node key")
    except KeyLoadError as exc:
        fail(refused(exc))


@app.command("export")
@binds(federation.export_bundle)
def export(
    to: Annotated[str, typer.Option("--to", help="The peer node the bundle is for.")],
    out: Annotated[Path, typer.Option("--out", help="The bundle file to write.")],
    after: Annotated[
        int | None,
        typer.Option(help="Changes after this sequence (default: the last sent to the peer)."),
    ] = None,
    key_file: KeyFileOption = None,
    database: DatabaseOption = None,
) -> None:
    """Write a signed bundle of what a peer node may have."""
    key = node_key(key_file)
    engine = open_register(database)
    with as_operator(engine, key=optional_master_key()) as ctx:
        sent = federation.export_bundle(ctx, to, after, key)
        try:  # in the transaction: no file, no "sent" in the trail
            out.write_bytes(sent.data)
        except OSError as exc:
            fail(_("--out: %(file)s: %(problem)s", file=out, problem=exc.strerror))
        told = _(
            "Bundle for %(peer)s: %(records)s records, %(withdrawn)s withdrawn, %(identities)s "
            "identities sealed, sequences %(after)s..%(upto)s, written to %(file)s",
            peer=sent.peer.name,
            records=sent.records,
            withdrawn=sent.withdrawn,
            identities=sent.identities,
            after=sent.after,
            upto=sent.upto,
            file=out,
        )
    typer.echo(told)


@app.command("import")
@binds(federation.import_bundle, federation.take_ack)
def import_(
    file: Annotated[Path, typer.Argument(help="A bundle file from a peer node.")],
    key_file: KeyFileOption = None,
    database: DatabaseOption = None,
) -> None:
    """Take a signed bundle, or an acknowledgement, from a peer node."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(_("FILE: %(file)s: %(problem)s", file=file, problem=exc.strerror))
    engine = open_register(database)
    if is_acknowledgement(data):
        with as_operator(engine) as ctx:
            done = federation.take_ack(ctx, data, file.name)
        if done.refusal is not None:
            fail(
                _(
                    "acknowledgement refused: %(refusal)s (sha256 %(sha256)s)",
                    refusal=refused(done.refusal),
                    sha256=done.sha256,
                )
            )
        assert done.sender is not None
        typer.echo(
            _(
                "Acknowledged by %(peer)s: up to sequence %(seq)s",
                peer=done.sender.name,
                seq=done.received,
            )
        )
        return
    key = optional_node_key(key_file)
    with as_operator(engine, key=optional_master_key()) as ctx:
        received = federation.import_bundle(ctx, data, file.name, key)
    report(received)


def report(received: Received) -> None:
    """Say what a bundle changed, or exit 1 with why it was refused (already audited)."""
    if received.refusal is not None:
        fail(
            _(
                "bundle refused: %(refusal)s (sha256 %(sha256)s)",
                refusal=refused(received.refusal),
                sha256=received.sha256,
            )
        )
    assert received.taken is not None and received.sender is not None
    taken = received.taken
    typer.echo(
        _(
            "Bundle from %(peer)s: %(inserted)s new, %(updated)s updated, %(unchanged)s "
            "unchanged, %(held_back)s held back, %(withdrawn)s withdrawn, %(identities)s "
            "identities kept (sha256 %(sha256)s)",
            peer=received.sender.name,
            inserted=taken.inserted,
            updated=taken.updated,
            unchanged=taken.unchanged,
            held_back=taken.held_back,
            withdrawn=taken.withdrawn,
            identities=taken.identities,
            sha256=received.sha256,
        )
    )


@app.command("ack")
@binds(federation.acknowledge)
def ack(
    to: Annotated[str, typer.Option("--to", help="The peer whose bundles to acknowledge.")],
    out: Annotated[Path, typer.Option("--out", help="The acknowledgement file to write.")],
    key_file: KeyFileOption = None,
    database: DatabaseOption = None,
) -> None:
    """Write a signed acknowledgement of a peer's bundles taken here (for removable
    media back to it): its tombstones up to that sequence are acknowledged there."""
    key = node_key(key_file)
    engine = open_register(database)
    with as_operator(engine) as ctx:
        data = federation.acknowledge(ctx, to, key)
        try:  # in the transaction: no file, no "sent" in the trail
            out.write_bytes(data)
        except OSError as exc:
            fail(_("--out: %(file)s: %(problem)s", file=out, problem=exc.strerror))
    typer.echo(_("Acknowledgement for %(peer)s written to %(file)s", peer=to, file=out))


@app.command("pull")
@binds(federation.import_bundle)
def pull(
    node: Annotated[str, typer.Argument(help="The peer whose feed to pull (at its URL).")],
    limit: Annotated[int, typer.Option(help="Changes per page.", min=1, max=PAGE)] = PAGE,
    every: Annotated[
        float | None,
        typer.Option(
            help="Keep pulling: look for newer changes every this many seconds, and on a "
            "failure say why and try again (a service's way to follow a peer).",
            min=0.1,
        ),
    ] = None,
    key_file: KeyFileOption = None,
    database: DatabaseOption = None,
) -> None:
    """Pull a peer's feed from its last received sequence, page by page, until it has
    nothing newer; each page is taken (and audited) in its own transaction."""
    key = node_key(key_file)
    master = optional_master_key()
    engine = open_register(database)
    if every is None:
        pages = _pulled(engine, node, key, master, limit, quiet=False)
        typer.echo(_("Pulled %(pages)s pages from %(node)s; nothing newer", pages=pages, node=node))
        return
    wait = every
    while True:  # until stopped (SIGTERM, Ctrl-C)
        try:
            _followed(engine, node, key, master, limit)
            wait = every
        except typer.Exit:
            # Said (and a refusal audited) already.  Backing off keeps a peer that is
            # down, or a bundle refused again and again, from filling the trail; the
            # cursor catches up once it answers.
            wait = min(max(wait, every) * 2, BACKOFF_MAX_S)
        time.sleep(wait)


def _followed(
    engine: Engine, node: str, key: Ed25519PrivateKey, master: MasterKey | None, limit: int
) -> None:
    """One look for newer pages; a register that does not answer (PostgreSQL
    restarting, SQLite busy past its timeout) is said like any failure: the page was
    rolled back whole, so it is simply taken again."""
    try:
        _pulled(engine, node, key, master, limit, quiet=True)
    except OperationalError as exc:
        # The driver's own first line only: the statement's parameters may hold names.
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        fail(_("the register did not answer: %(reason)s", reason=reason))


def _pulled(
    engine: Engine,
    node: str,
    key: Ed25519PrivateKey,
    master: MasterKey | None,
    limit: int,
    quiet: bool,
) -> int:
    """Pages taken from ``node`` until it has nothing newer; ``quiet``: say only the
    pages that changed something (a follower looks every few seconds)."""
    pages = 0
    while True:
        with as_operator(engine) as ctx:
            local = this_node(ctx.session)
            peer = peer_named(ctx.session, node, "NODE")
            url, after, name = peer.url, peer.received_seq, local.name
        data = _fetch(f"{url}{FEED_PATH}", name, key, after, limit)
        with as_operator(engine, key=master) as ctx:
            source = f"{url}{FEED_PATH}?after={after}"
            received = federation.import_bundle(ctx, data, source, key)
        pages += 1
        bundle = received.bundle or {}
        newer = bundle.get("upto", after) > after
        if newer or not quiet or received.refusal is not None:
            report(received)
        if not newer:
            return pages


def _fetch(url: str, name: str, key: Ed25519PrivateKey, after: int, limit: int) -> bytes:
    headers = signed_headers(name, key, after, limit, int(time.time()))
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'after': after, 'limit': limit})}", headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=PULL_TIMEOUT_S) as answer:
            data: bytes = answer.read()
            return data
    except urllib.error.HTTPError as exc:
        fail(
            _(
                "%(url)s: HTTP %(code)s (a 404: not a peer pinned there, or its feed is off)",
                url=url,
                code=exc.code,
            )
        )
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        # The system's own reason ("Connection refused") is the operating system's words.
        reason = getattr(exc, "reason", exc)
        fail(_("%(url)s could not be reached: %(reason)s", url=url, reason=reason))


@app.command("status")
@binds(federation.status)
def status(database: DatabaseOption = None) -> None:
    """Each peer: sequences sent and received, lag, tombstones sent, last error, key
    fingerprint."""
    engine = open_register(database)
    with as_operator(engine) as ctx:
        peers = federation.status(ctx)
    table = Table(
        *(_("peer"), _("key fingerprint"), _("sent"), _("lag"), _("acked")),
        *(_("unacked tombstones"), _("received"), _("received at"), _("error")),
    )
    for peer in peers:
        table.add_row(
            peer.name,
            peer.fingerprint,
            str(peer.sent_seq),
            str(peer.lag),
            str(peer.acknowledged_seq),
            str(peer.unacknowledged),
            str(peer.received_seq),
            peer.received_at or "",
            peer.last_error or "",
        )
    Console(width=200).print(table)
