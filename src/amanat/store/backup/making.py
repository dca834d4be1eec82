"""Making a backup: the copy, the figures read from it, the signed manifest.

The backup is written into a hidden folder beside the one asked for and renamed into
place when complete, so a folder of that name is always a whole backup.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine

from amanat.access.audit import public_key_id
from amanat.store.backup import postgres, sqlite
from amanat.store.backup.contents import Contents, read_contents
from amanat.store.backup.manifest import (
    DATA_FILES,
    BackupRefused,
    Manifest,
    sha256_of,
    write_signed,
)
from amanat.store.engine import sqlite_path


def make_backup(
    engine: Engine, folder: Path, key: Ed25519PrivateKey, now: dt.datetime | None = None
) -> Manifest:
    """Back the register ``engine`` opens up into ``folder`` (new, or empty)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupRefused(f"{folder} exists and is not an empty folder: choose a new one")
    backend = engine.dialect.name
    if backend not in DATA_FILES:
        raise BackupRefused(f"cannot back up a {backend} database")
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = folder.with_name(f".{folder.name}.partial-{os.getpid()}")
    partial.mkdir(mode=0o700)  # the register's data: its owner's alone
    try:
        data = partial / DATA_FILES[backend]
        contents = _copy(engine, data)
        os.chmod(data, 0o600)
        manifest = Manifest(
            backend=backend,
            created_at=(now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC),
            data_sha256=sha256_of(data),
            data_bytes=data.stat().st_size,
            contents=contents,
            signing_key_id=public_key_id(key.public_key()),
        )
        write_signed(partial, manifest, key)
        if folder.exists():
            folder.rmdir()
        partial.rename(folder)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return manifest


def _copy(engine: Engine, data: Path) -> Contents:
    if engine.dialect.name == "postgresql":
        return postgres.dump(engine, data)
    source = sqlite_path(str(engine.url))
    if source is None:
        raise BackupRefused("an in-memory database cannot be backed up")
    sqlite.copy_database(source, data)
    # The figures are the copy's own: it is what a restore will be checked against.
    copy = sqlite.plain_engine(data)
    try:
        with copy.connect() as connection:
            return read_contents(connection)
    finally:
        copy.dispose()
