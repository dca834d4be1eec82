"""The manifest's signature: made over the exact bytes, refused when anything of it
changes, when the key is another, or when it is gone."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from amanat.access.audit import public_key_id
from amanat.store.backup import MANIFEST, SIGNATURE, BackupRefused, Contents, read_manifest
from amanat.store.backup.manifest import Manifest, check_data_file, sha256_of, write_signed

KEY = Ed25519PrivateKey.generate()
CONTENTS = Contents("0023", {"person": 3, "audit_entry": 2}, 2, "ab" * 32)


def signed(folder: Path, key: Ed25519PrivateKey = KEY) -> Manifest:
    data = folder / "register.sqlite"
    data.write_bytes(b"the register")
    manifest = Manifest(
        backend="sqlite",
        created_at=dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC),
        data_sha256=sha256_of(data),
        data_bytes=data.stat().st_size,
        contents=CONTENTS,
        signing_key_id=public_key_id(key.public_key()),
    )
    write_signed(folder, manifest, key)
    return manifest


def test_a_signed_manifest_reads_back_whole(tmp_path: Path) -> None:
    written = signed(tmp_path)
    assert read_manifest(tmp_path, [KEY.public_key()]) == written
    assert (tmp_path / MANIFEST).stat().st_mode & 0o777 == 0o600
    check_data_file(tmp_path / "register.sqlite", written)


def test_any_change_to_the_manifest_is_refused(tmp_path: Path) -> None:
    signed(tmp_path)
    text = (tmp_path / MANIFEST).read_text()
    (tmp_path / MANIFEST).write_text(text.replace('"person": 3', '"person": 4'))
    with pytest.raises(BackupRefused, match="signature does not verify"):
        read_manifest(tmp_path, [KEY.public_key()])


def test_another_key_is_refused_naming_both(tmp_path: Path) -> None:
    signed(tmp_path, Ed25519PrivateKey.generate())
    with pytest.raises(BackupRefused, match=r"signed by key .* the audit verify key given is"):
        read_manifest(tmp_path, [KEY.public_key()])


def test_a_missing_signature_is_refused(tmp_path: Path) -> None:
    signed(tmp_path)
    (tmp_path / SIGNATURE).unlink()
    with pytest.raises(BackupRefused, match="is not signed"):
        read_manifest(tmp_path, [KEY.public_key()])


def test_a_signature_of_the_bare_bytes_does_not_pass(tmp_path: Path) -> None:
    """The signature covers a fixed prefix: the same key's signature over the bare
    manifest (or a checkpoint's message) is not a manifest signature."""
    signed(tmp_path)
    bare = KEY.sign((tmp_path / MANIFEST).read_bytes())
    (tmp_path / SIGNATURE).write_bytes(base64.b64encode(bare))
    with pytest.raises(BackupRefused, match="signature does not verify"):
        read_manifest(tmp_path, [KEY.public_key()])


def test_a_changed_data_file_is_refused(tmp_path: Path) -> None:
    written = signed(tmp_path)
    (tmp_path / "register.sqlite").write_bytes(b"the register, edited")
    with pytest.raises(BackupRefused, match="SHA-256"):
        check_data_file(tmp_path / "register.sqlite", written)


def test_the_manifest_is_plain_json_an_auditor_can_read(tmp_path: Path) -> None:
    signed(tmp_path)
    document = json.loads((tmp_path / MANIFEST).read_text())
    assert document["tables"] == {"person": 3, "audit_entry": 2}
    assert document["audit"] == {"head_seq": 2, "head_hash": "ab" * 32}
    assert document["schema_revision"] == "0023"
