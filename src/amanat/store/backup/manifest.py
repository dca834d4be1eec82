"""The manifest of a backup: what it holds, signed with the audit signing key.

``manifest.json`` is written once and signed as the bytes it is; ``manifest.sig``
holds the Ed25519 signature (base64) over a fixed prefix and those bytes, so that a
manifest signature can never pass for a checkpoint's, made by the same key.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

import amanat
from amanat.access.audit import public_key_id
from amanat.store.backup.contents import Contents

FORMAT = "amanat-backup/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
# The data file's name, per database back end.
DATA_FILES = {"sqlite": "register.sqlite", "postgresql": "register.pgdump"}
_SIGNED_AS = b"amanat backup manifest\n"
_CHUNK = 1 << 20


class BackupRefused(ValueError):
    """A backup or restore that will not be done; the message says what differs."""


@dataclass(frozen=True)
class Manifest:
    backend: str  # "sqlite" or "postgresql"
    created_at: dt.datetime  # UTC
    data_sha256: str
    data_bytes: int
    contents: Contents
    signing_key_id: str
    amanat_version: str = amanat.__version__

    @property
    def data_file(self) -> str:
        return DATA_FILES[self.backend]

    def to_json(self) -> bytes:
        document = {
            "format": FORMAT,
            "amanat_version": self.amanat_version,
            "backend": self.backend,
            "created_at": self.created_at.astimezone(dt.UTC).isoformat(),
            "data_file": {
                "name": self.data_file,
                "sha256": self.data_sha256,
                "bytes": self.data_bytes,
            },
            "schema_revision": self.contents.schema_revision,
            "tables": self.contents.tables,
            "audit": {
                "head_seq": self.contents.audit_head_seq,
                "head_hash": self.contents.audit_head_hash,
            },
            "signing_key_id": self.signing_key_id,
        }
        return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_signed(folder: Path, manifest: Manifest, key: Ed25519PrivateKey) -> None:
    text = manifest.to_json()
    signature = base64.b64encode(key.sign(_SIGNED_AS + text)) + b"\n"
    for name, data in ((MANIFEST, text), (SIGNATURE, signature)):
        with open(folder / name, "wb", opener=_private) as out:
            out.write(data)


def _private(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


def read_manifest(folder: Path, keys: list[Ed25519PublicKey]) -> Manifest:
    """The manifest of the backup in ``folder``, once its signature verifies with one
    of ``keys`` (the audit verify keys); refused, saying why, otherwise."""
    try:
        text = (folder / MANIFEST).read_bytes()
    except OSError as exc:
        raise BackupRefused(f"{folder} is not a backup: {MANIFEST}: {exc.strerror}") from None
    try:
        signature = base64.b64decode((folder / SIGNATURE).read_text("ascii").strip(), validate=True)
    except FileNotFoundError:
        raise BackupRefused(f"the backup {folder} is not signed: {SIGNATURE} is missing") from None
    except (OSError, ValueError, binascii.Error):
        raise BackupRefused(f"the backup's signature {folder / SIGNATURE} is unreadable") from None
    try:
        document = json.loads(text)
        signer = str(document["signing_key_id"])
    except (ValueError, KeyError, TypeError):
        raise BackupRefused(f"{folder / MANIFEST} is not a backup manifest") from None
    key = {public_key_id(key): key for key in keys}.get(signer)
    if key is None:
        given = ", ".join(public_key_id(key) for key in keys)
        raise BackupRefused(
            f"the manifest is signed by key {signer}; the audit verify key given is {given}"
        )
    try:
        key.verify(signature, _SIGNED_AS + text)
    except InvalidSignature:
        raise BackupRefused(
            f"the manifest's signature does not verify with key {signer}: "
            "the manifest was changed after it was signed"
        ) from None
    return _parsed(document, folder / MANIFEST)


def _parsed(document: dict[str, Any], path: Path) -> Manifest:
    """A signed manifest's fields; a signed one of another format is refused too."""
    if document.get("format") != FORMAT:
        raise BackupRefused(f"{path}: format {document.get('format')!r}, expected {FORMAT!r}")
    backend = str(document.get("backend"))
    if backend not in DATA_FILES:
        raise BackupRefused(f"{path}: unknown database back end {backend!r}")
    try:
        audit, data = document["audit"], document["data_file"]
        contents = Contents(
            schema_revision=document["schema_revision"],
            tables={str(name): int(rows) for name, rows in document["tables"].items()},
            audit_head_seq=int(audit["head_seq"]),
            audit_head_hash=str(audit["head_hash"]),
        )
        return Manifest(
            backend=backend,
            created_at=dt.datetime.fromisoformat(document["created_at"]),
            data_sha256=str(data["sha256"]),
            data_bytes=int(data["bytes"]),
            contents=contents,
            signing_key_id=str(document["signing_key_id"]),
            amanat_version=str(document["amanat_version"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackupRefused(f"{path}: a field is missing or malformed ({exc})") from None


def check_data_file(path: Path, manifest: Manifest) -> None:
    """Refuse a data file whose SHA-256 is not the manifest's."""
    found = sha256_of(path)
    if found != manifest.data_sha256:
        raise BackupRefused(
            f"the data file {manifest.data_file} has SHA-256 {found}; the manifest says "
            f"{manifest.data_sha256}: the data was changed after the backup"
        )
