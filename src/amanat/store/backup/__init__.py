"""Backups that prove themselves: a consistent copy of the register with a manifest
signed by the audit signing key, and a restore that checks every claim of it.

A backup folder holds the data file (SQLite's online backup of the database file, or
PostgreSQL's ``pg_dump`` custom format), ``manifest.json`` — rows per table, the
schema revision, the audit chain's head, the time, the data file's SHA-256 — and
``manifest.sig``, the manifest's Ed25519 signature.  Keys are never in it: the master
key and the signing key are escrowed apart (``docs/backup.md``).

A restore goes only into an empty database and checks, before the restored register
is kept: the signature, the data file's hash, the rows per table, the schema
revision and the audit chain, which must verify and end where the manifest says.
Any difference refuses the restore, naming it, and leaves the target as it was.
"""

from amanat.store.backup.contents import Contents, read_contents
from amanat.store.backup.making import make_backup
from amanat.store.backup.manifest import (
    DATA_FILES,
    MANIFEST,
    SIGNATURE,
    BackupRefused,
    Manifest,
    read_manifest,
)
from amanat.store.backup.restoring import restore_backup
from amanat.store.backup.sealed import SealedState, sealed_state

__all__ = [
    "DATA_FILES",
    "MANIFEST",
    "SIGNATURE",
    "BackupRefused",
    "Contents",
    "Manifest",
    "SealedState",
    "make_backup",
    "read_contents",
    "read_manifest",
    "restore_backup",
    "sealed_state",
]
