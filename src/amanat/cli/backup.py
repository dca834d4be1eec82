"""`amanat backup` and `amanat restore`: a register copied with a signed manifest, and
restored into an empty database only once every claim of the manifest checks out
(``amanat.store.backup``).  Both are the system operator's audited actions."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Engine

from amanat.access import audit
from amanat.access.key_file import KeyLoadError
from amanat.actions import backup as backups
from amanat.actions.door import binds
from amanat.cli.door import as_operator, optional_master_key
from amanat.cli.language import _, refused
from amanat.cli.options import DatabaseOption, fail, register_engine, resolved, shown
from amanat.service.checkpoints import configured_key
from amanat.store.backup import BackupRefused, Manifest, restore_backup, sealed_state
from amanat.store.engine import make_engine
from amanat.store.migrate import head_revision
from amanat.store.settings import Settings

SigningKeyOption = Annotated[
    Path | None,
    typer.Option(help="The audit signing key file (default: from the settings)."),
]
VerifyKeyOption = Annotated[
    list[Path] | None,
    typer.Option(
        help="The audit verify key file (default: from the settings); repeat for each "
        "key the trail was signed with, after a signing-key rotation."
    ),
]


@binds(backups.backup)
def backup_command(
    to: Annotated[Path, typer.Option("--to", help="A new (or empty) folder for the backup.")],
    signing_key: SigningKeyOption = None,
    database: DatabaseOption = None,
) -> None:
    """Back the register up into a new folder: a consistent copy and a manifest signed
    with the audit signing key.  Keys are never put in a backup."""
    settings = resolved(Settings, database)
    try:
        key = (
            audit.load_signing_key(signing_key, os.environ)
            if signing_key is not None
            else configured_key(settings)
        )
    except KeyLoadError as exc:
        fail(refused(exc))
    if key is None:
        fail(
            _(
                "a backup's manifest is signed with the audit signing key, and "
                "none is configured: set AMANAT_AUDIT_SIGNING_KEY_FILE or give "
                "--signing-key"
            )
        )
    engine = register_engine(settings)
    try:
        with as_operator(engine) as ctx:
            manifest = backups.backup(ctx, to, key)
    except (BackupRefused, OSError) as exc:
        fail(refused(exc))
    finally:
        engine.dispose()
    typer.echo(
        _(
            "Backed up %(database_url)s to %(to)s: %(rows)s rows in "
            "%(tables)s tables, audit chain to entry %(audit_head_seq)s; "
            "signed by key %(signing_key_id)s",
            database_url=shown(settings.database_url),
            to=to,
            rows=format(manifest.contents.rows, ","),
            tables=len(manifest.contents.tables),
            audit_head_seq=manifest.contents.audit_head_seq,
            signing_key_id=manifest.signing_key_id,
        )
    )


@binds(backups.restored)
def restore_command(
    folder: Annotated[Path, typer.Argument(help="The backup's folder.")],
    verify_key: VerifyKeyOption = None,
    database: DatabaseOption = None,
) -> None:
    """Restore a backup into an empty database, after checking its signature, its data
    file's SHA-256, the rows per table, the schema revision and the audit chain."""
    settings = resolved(Settings, database)
    keys = _verify_keys(verify_key, settings)

    def record(engine: Engine, manifest: Manifest) -> None:
        with as_operator(engine) as ctx:
            backups.restored(ctx, manifest)

    try:
        manifest = restore_backup(folder, settings.database_url, keys, record)
    except (BackupRefused, OSError) as exc:
        fail(_("restore refused: %(exc)s", exc=exc))
    contents = manifest.contents
    typer.echo(
        _(
            "Restored %(folder)s into %(database_url)s: signature, SHA-256, "
            "%(rows)s rows in %(tables)s tables, schema revision "
            "%(schema_revision)s and the audit chain to entry "
            "%(audit_head_seq)s verified",
            folder=folder,
            database_url=shown(settings.database_url),
            rows=format(contents.rows, ","),
            tables=len(contents.tables),
            schema_revision=contents.schema_revision,
            audit_head_seq=contents.audit_head_seq,
        )
    )
    if contents.schema_revision != head_revision():
        typer.echo(_("The schema is older than this version's: run `amanat init` to upgrade it"))
    _say_what_stays_sealed(settings)


def _verify_keys(given: list[Path] | None, settings: Settings) -> list[Ed25519PublicKey]:
    """The verify keys: those given, the settings', or the signing key's public half."""
    paths: list[Path | None] = list(given or []) or [settings.audit_verify_key_file]
    try:
        if (
            given
            or settings.audit_verify_key_file is not None
            or audit.VERIFY_KEY_ENV in os.environ
        ):
            return [audit.load_verify_key(path, os.environ) for path in paths]
        signing = configured_key(settings)
    except KeyLoadError as exc:
        fail(refused(exc))
    if signing is None:
        fail(
            _(
                "a backup is verified with the audit verify key: set "
                "AMANAT_AUDIT_VERIFY_KEY_FILE or give --verify-key"
            )
        )
    return [signing.public_key()]


def _say_what_stays_sealed(settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    try:
        state = sealed_state(engine, optional_master_key())
    finally:
        engine.dispose()
    if state.identities == 0:
        return
    if state.opened is None:
        typer.secho(
            _(
                "%(identities)s protected identities stay sealed: they cannot be "
                "read until the master key is configured "
                "(AMANAT_MASTER_KEY_FILE); it is never in a backup — take it "
                "from escrow",
                identities=format(state.identities, ","),
            ),
            fg=typer.colors.YELLOW,
        )
    elif state.opened < state.organisations:
        typer.secho(
            _(
                "The configured master key opens the data keys of %(opened)s of "
                "%(organisations)s organisations: the others' protected "
                "identities stay sealed until their master key is configured",
                opened=state.opened,
                organisations=state.organisations,
            ),
            fg=typer.colors.YELLOW,
        )
    else:
        typer.echo(
            _(
                "The configured master key opens the data keys of all "
                "%(organisations)s organisations (%(identities)s protected "
                "identities)",
                organisations=state.organisations,
                identities=format(state.identities, ","),
            )
        )
