"""Restoring a backup into an empty database, verified before it is kept.

In order: the manifest's signature (nothing is trusted before it), the target is
empty, the data file's SHA-256; then, in the restored copy, the schema revision and
rows per table, and the audit chain — recomputed entry by entry and checkpoint by
checkpoint as ``amanat audit verify`` does, as of the backup's time, and ending at
the head the manifest names.  Only then is the caller's ``record`` run (the restore's
own audit entry) and the copy kept: a SQLite file renamed into place, a PostgreSQL
load left committed.  Any failure leaves the target as empty as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from amanat.access.audit_store import verify_stored
from amanat.store.backup import postgres, sqlite
from amanat.store.backup.contents import differences, read_contents
from amanat.store.backup.manifest import BackupRefused, Manifest, check_data_file, read_manifest
from amanat.store.engine import make_engine, normalise_url, sqlite_path

# Told the restored register once it is verified, before it is kept.
Record = Callable[[Engine, Manifest], None]


def restore_backup(
    folder: Path, url: str, keys: Sequence[Ed25519PublicKey], record: Record
) -> Manifest:
    """Restore the backup in ``folder`` into the empty database ``url``; its manifest."""
    manifest = read_manifest(folder, list(keys))
    data = folder / manifest.data_file
    if not data.is_file():
        raise BackupRefused(f"the backup's data file {data} is missing")
    backend = make_url(normalise_url(url)).get_backend_name()
    if backend != manifest.backend:
        raise BackupRefused(
            f"the backup is of a {manifest.backend} database; the target is {backend}"
        )
    if backend == "sqlite":
        _into_sqlite(data, url, manifest, keys, record)
    else:
        _into_postgres(data, url, manifest, keys, record)
    return manifest


def _into_sqlite(
    data: Path, url: str, manifest: Manifest, keys: Sequence[Ed25519PublicKey], record: Record
) -> None:
    target = sqlite_path(url)
    if target is None:
        raise BackupRefused("a backup is restored into a database file, not into memory")
    sqlite.refuse_unless_empty(target)
    with sqlite.restoring(data, target) as copy:
        check_data_file(copy, manifest)
        engine = sqlite.plain_engine(copy)
        try:
            verify_restored(engine, manifest, keys)
            record(engine, manifest)
        finally:
            engine.dispose()


def _into_postgres(
    data: Path, url: str, manifest: Manifest, keys: Sequence[Ed25519PublicKey], record: Record
) -> None:
    engine = make_engine(url)
    try:
        postgres.refuse_unless_empty(engine)
        check_data_file(data, manifest)
        with postgres.restoring(data, engine):
            verify_restored(engine, manifest, keys)
            record(engine, manifest)
    finally:
        engine.dispose()


def verify_restored(engine: Engine, manifest: Manifest, keys: Sequence[Ed25519PublicKey]) -> None:
    """Refuse a restored register that differs from its manifest, saying how."""
    with engine.connect() as connection:
        problems = differences(manifest.contents, read_contents(connection))
    if problems:
        raise BackupRefused(
            "the restored register differs from the manifest: " + "; ".join(problems)
        )
    with Session(engine) as session:
        # As of the backup's time: a checkpoint not yet due then is not overdue now.
        result = verify_stored(session, list(keys), now=manifest.created_at)
    if not result.ok:
        raise BackupRefused(
            f"the restored audit trail is broken at entry {result.broken_seq} "
            f"({result.reason}): {result.message}"
        )
