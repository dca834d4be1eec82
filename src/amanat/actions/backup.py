"""Backups and restores through the door: the system operator's, at the command line.

Both are audited.  A backup's entry goes into the live register's trail after the
copy is made (it names the data file's SHA-256 and the chain head the copy ends at);
a restore's goes into the restored register's trail once every check has passed, as
its first entry after the backup's head.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine

from amanat.access.audit import DetailValue
from amanat.actions.door import Context, Scope, action
from amanat.store.backup import Manifest, make_backup


def _described(manifest: Manifest) -> dict[str, DetailValue]:
    return {
        "backend": manifest.backend,
        "backup_at": manifest.created_at.isoformat(),
        "head_seq": manifest.contents.audit_head_seq,
        "rows": manifest.contents.rows,
        "schema_revision": manifest.contents.schema_revision or "",
    }


@action(
    "register.backup",
    "Copy the whole register consistently into a new folder, with a manifest (rows per "
    "table, schema revision, audit chain head, the copy's SHA-256) signed by the audit "
    "signing key; no key is ever copied",
    scope=Scope.system,
    audit="backup",
)
def backup(ctx: Context, folder: Path, key: Ed25519PrivateKey) -> Manifest:
    bind = ctx.session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    manifest = make_backup(engine, folder, key)
    ctx.audit_many(
        [("backup", manifest.data_sha256, {**_described(manifest), "folder": str(folder)})]
    )
    return manifest


@action(
    "register.restore",
    "Record in a register restored from a backup, once verified against its signed "
    "manifest (signature, SHA-256, rows per table, schema revision, audit chain), "
    "which backup it was",
    scope=Scope.system,
    audit="restore",
)
def restored(ctx: Context, manifest: Manifest) -> None:
    ctx.audit_many([("backup", manifest.data_sha256, _described(manifest))])
