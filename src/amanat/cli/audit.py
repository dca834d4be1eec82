"""`amanat audit`: keys, checkpoints, verification and search of the audit trail.

Checkpoints, verification, search and alerts are the system operator's actions
(``amanat.actions.audit_trail``); searching the trail and reading its alerts are
recorded in it, as an auditor's are.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from amanat.access import audit
from amanat.access.key_file import KeyLoadError
from amanat.actions import audit_trail, key_rotation
from amanat.actions.door import binds
from amanat.cli.door import as_operator
from amanat.cli.language import _, refused
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.store.settings import get_settings

app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)

KeyOption = Annotated[Path | None, typer.Option(help="Key file (default: from the settings).")]


@app.command("keygen")
def keygen(
    signing_key: Annotated[Path, typer.Option(help="Where to write the private signing key.")],
    verify_key: Annotated[Path, typer.Option(help="Where to write the public verify key.")],
) -> None:
    """Create the Ed25519 key pair that signs audit checkpoints (files are never overwritten)."""
    try:
        public = audit.generate_signing_key_file(signing_key)
        audit.write_verify_key_file(verify_key, public)
    except (KeyLoadError, OSError) as exc:
        fail(refused(exc))
    typer.echo(
        _(
            "Checkpoint key %(key_id)s written; keep %(signing_key)s secret",
            key_id=audit.public_key_id(public),
            signing_key=signing_key,
        )
    )


@app.command("checkpoint")
@binds(audit_trail.checkpoint)
def checkpoint(
    signing_key: KeyOption = None,
    receipt: Annotated[
        Path | None,
        typer.Option(help="Also write the signed head to this new file; keep it off the server."),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Sign the latest audit entry now (and write a receipt of it)."""
    if receipt is not None and receipt.exists():
        fail(
            _("receipt %(receipt)s exists and is not overwritten", receipt=receipt)
        )  # before signing anything
    engine = open_register(database)
    try:
        key = audit.load_signing_key(
            signing_key or get_settings().audit_signing_key_file, os.environ
        )
    except KeyLoadError as exc:
        fail(refused(exc))
    with as_operator(engine) as ctx:
        signed = audit_trail.checkpoint(ctx, key)
    if signed is None:
        if receipt is not None:
            fail(_("the trail is empty: nothing to sign, no receipt written"))
        typer.echo(_("The trail is empty"))
        return
    typer.echo(
        _("Signed entry %(seq)s (checkpoint %(number)s)", seq=signed.seq, number=signed.number)
    )
    if receipt is not None:
        try:
            audit.write_receipt(receipt, signed)
        except audit.ReceiptError as exc:
            fail(refused(exc))
        typer.echo(_("Receipt written to %(receipt)s", receipt=receipt))


@app.command("rotate-signing-key")
@binds(key_rotation.rotate_signing_key)
def rotate_signing_key(
    new: Annotated[Path, typer.Option(help="The new private signing key's file.")],
    generate: Annotated[
        bool, typer.Option(help="Write a new key to --new first (never over a file).")
    ] = False,
    new_verify_key: Annotated[
        Path | None, typer.Option(help="With --generate: also write its public verify key here.")
    ] = None,
    old_verify_key: Annotated[
        Path | None,
        typer.Option(help="The retired key's public key, when its private key is lost."),
    ] = None,
    signing_key: KeyOption = None,
    database: DatabaseOption = None,
) -> None:
    """Retire the checkpoint signing key in use (--signing-key, or from the settings) and
    start the new key's period now; verify then refuses the old key's checkpoints of
    later entries.  Afterwards give the service the new key."""
    try:
        if old_verify_key is not None:
            old = audit.load_verify_key(old_verify_key, {})
        else:
            configured = signing_key or get_settings().audit_signing_key_file
            old = audit.load_signing_key(configured, os.environ).public_key()
    except KeyLoadError as exc:
        fail(_("the key in use: %(exc)s", exc=exc))
    try:
        if generate:
            public = audit.generate_signing_key_file(new)
            if new_verify_key is not None:
                audit.write_verify_key_file(new_verify_key, public)
        else:
            public = audit.load_signing_key(new, {}).public_key()
    except (KeyLoadError, OSError) as exc:
        fail(_("--new: %(exc)s", exc=exc))
    with as_operator(open_register(database)) as ctx:
        at = key_rotation.rotate_signing_key(ctx, old, public)
    typer.echo(
        _(
            "Checkpoint key %(old)s retired and key %(key_id)s in use from "
            "%(at)s; now set AMANAT_AUDIT_SIGNING_KEY_FILE=%(new)s and keep "
            "both verify keys",
            old=audit.public_key_id(old),
            key_id=audit.public_key_id(public),
            at=audit.format_timestamp(at),
            new=new,
        )
    )


@app.command("verify")
@binds(audit_trail.verify)
def verify(
    verify_key: Annotated[
        list[Path] | None,
        typer.Option(
            help="Verify key file (default: from the settings); repeat for each "
            "key the trail was signed with."
        ),
    ] = None,
    receipt: Annotated[
        list[Path] | None,
        typer.Option(help="A receipt from `checkpoint --receipt`; repeat for several."),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Check every entry, signed checkpoint and receipt; exit 1 naming the first break.

    With a verify key, checkpoints are expected on the service's schedule: one deleted,
    or one overdue, is a break too."""
    try:
        receipts = [(str(path), audit.read_receipt(path)) for path in receipt or []]
    except audit.ReceiptError as exc:
        fail(refused(exc))
    engine = open_register(database)
    configured = get_settings().audit_verify_key_file
    paths: list[Path | None] = list(verify_key or []) or [configured]
    keys = []
    if verify_key or configured is not None or audit.VERIFY_KEY_ENV in os.environ:
        try:
            keys = [audit.load_verify_key(path, os.environ) for path in paths]
        except KeyLoadError as exc:
            fail(refused(exc))
    elif receipts:
        fail(_("receipts are signed: give --verify-key to check them"))
    try:
        with as_operator(engine) as ctx:
            result = audit_trail.verify(ctx, keys, receipts)
    except audit_trail.KeyNeeded:
        fail(_("the trail has signed checkpoints: give --verify-key to check them"))
    if not result.ok:
        fail(
            _(
                "audit trail broken at entry %(broken_seq)s (%(reason)s): %(message)s",
                broken_seq=result.broken_seq,
                reason=result.reason,
                message=result.message,
            )
        )
    typer.echo(_("Audit trail intact: %(message)s", message=result.message))
    for warning in result.warnings:
        typer.secho(_("Warning: %(warning)s", warning=warning), err=True, fg=typer.colors.YELLOW)


@app.command("search")
@binds(audit_trail.search)
def search(
    user: Annotated[str | None, typer.Option(help="Username of the actor.")] = None,
    org: Annotated[str | None, typer.Option(help="Code of the actor's organisation.")] = None,
    action: Annotated[
        str | None, typer.Option(help="read, search, export, write, login...")
    ] = None,
    kind: Annotated[str | None, typer.Option(help="Kind of record read or changed.")] = None,
    record: Annotated[str | None, typer.Option(help="Id of the record.")] = None,
    since: Annotated[dt.datetime | None, typer.Option(help="From (UTC).")] = None,
    until: Annotated[dt.datetime | None, typer.Option(help="Until (UTC).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100,
    database: DatabaseOption = None,
) -> None:
    """Who saw or did what, when, and why (newest first); the search is recorded."""
    wanted = audit_trail.Wanted(
        username=user,
        org_code=org,
        action=action,
        kind=kind,
        record=record,
        since=since,
        until=until,
    )
    with as_operator(open_register(database)) as ctx:
        rows = audit_trail.search(ctx, wanted, limit=limit).entries
    table = Table(
        _("seq"), _("at (UTC)"), _("user"), _("action"), _("record"), _("purpose"), _("detail")
    )
    for entry, username in rows:
        target = f"{entry.target_kind} {entry.target_id}" if entry.target_kind else ""
        at = entry.at.strftime("%Y-%m-%d %H:%M:%S")
        table.add_row(
            str(entry.seq),
            at,
            username or "",
            entry.action,
            target,
            entry.purpose or "",
            entry.detail,
        )
    Console(width=160).print(table)


@app.command("alerts")
@binds(audit_trail.alerts)
def alerts(
    since: Annotated[dt.datetime | None, typer.Option(help="From (UTC); default: all.")] = None,
    lang: Annotated[str, typer.Option(help="Label language: en or ru.")] = "en",
    database: DatabaseOption = None,
) -> None:
    """Evaluate the unusual-access rules over the audit trail; exit 3 when any fires."""
    with as_operator(open_register(database)) as ctx:
        raised = audit_trail.alerts(ctx, since, None, lang).alerts
    if not raised:
        typer.echo(_("No alerts"))
        return
    table = Table(_("rule"), _("severity"), _("at (UTC)"), _("user"), _("entries"), _("what"))
    for alert in raised:
        table.add_row(
            alert.label,
            alert.severity,
            alert.at.strftime("%Y-%m-%d %H:%M"),
            str(alert.user_id or ""),
            ", ".join(map(str, alert.seqs[:5])) + ("…" if len(alert.seqs) > 5 else ""),
            alert.message,
        )
    Console(width=160).print(table)
    raise typer.Exit(3)
