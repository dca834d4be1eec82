"""Signed checkpoints and the keys that sign them."""

from __future__ import annotations

import base64
import dataclasses
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from amanat.access.audit import (
    SIGNING_KEY_ENV,
    VERIFY_KEY_ENV,
    AuditEntry,
    generate_signing_key_file,
    load_signing_key,
    load_verify_key,
    public_key_base64,
    public_key_id,
    sign_checkpoint,
    verify_checkpoint,
    write_verify_key_file,
)
from amanat.access.key_file import KeyLoadError


def test_sign_and_verify(chain: tuple[AuditEntry, ...], signing_key: Ed25519PrivateKey) -> None:
    checkpoint = sign_checkpoint(signing_key, chain[99])
    assert (checkpoint.seq, checkpoint.entry_hash) == (100, chain[99].entry_hash)
    assert checkpoint.key_id == public_key_id(signing_key.public_key())
    assert verify_checkpoint(signing_key.public_key(), checkpoint)


@pytest.mark.parametrize(
    "change",
    [
        {"seq": 101},
        {"entry_hash": "0" * 64},
        {"at_shift": timedelta(microseconds=1)},
        {"signature": bytes(64)},
    ],
)
def test_any_altered_field_fails(
    chain: tuple[AuditEntry, ...], signing_key: Ed25519PrivateKey, change: dict[str, object]
) -> None:
    checkpoint = sign_checkpoint(signing_key, chain[99])
    if "at_shift" in change:
        shift = change.pop("at_shift")
        assert isinstance(shift, timedelta)
        change["at"] = checkpoint.at + shift
    altered = dataclasses.replace(checkpoint, **change)  # type: ignore[arg-type]
    assert not verify_checkpoint(signing_key.public_key(), altered)


def test_a_numbered_checkpoint_signs_its_number(
    chain: tuple[AuditEntry, ...], signing_key: Ed25519PrivateKey
) -> None:
    public = signing_key.public_key()
    checkpoint = sign_checkpoint(signing_key, chain[99], 3)
    assert checkpoint.number == 3 and verify_checkpoint(public, checkpoint)
    # Neither another number nor none at all (posing as the old format) verifies.
    assert not verify_checkpoint(public, dataclasses.replace(checkpoint, number=2))
    assert not verify_checkpoint(public, dataclasses.replace(checkpoint, number=None))
    old = sign_checkpoint(signing_key, chain[99])
    assert verify_checkpoint(public, old)
    assert not verify_checkpoint(public, dataclasses.replace(old, number=1))


@pytest.mark.parametrize("number", [0, -1, True])
def test_checkpoint_numbers_start_at_1(
    chain: tuple[AuditEntry, ...], signing_key: Ed25519PrivateKey, number: int
) -> None:
    with pytest.raises(ValueError, match="starts at 1"):
        sign_checkpoint(signing_key, chain[0], number)


def test_another_key_fails(chain: tuple[AuditEntry, ...], signing_key: Ed25519PrivateKey) -> None:
    checkpoint = sign_checkpoint(signing_key, chain[0])
    other = Ed25519PrivateKey.generate().public_key()
    assert not verify_checkpoint(other, checkpoint)
    assert not verify_checkpoint(
        other, dataclasses.replace(checkpoint, key_id=public_key_id(other))
    )


def test_generated_key_file_is_private_pem_and_loads(tmp_path: Path) -> None:
    path = tmp_path / "audit.key"
    public = generate_signing_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert public_key_id(load_signing_key(path, {}).public_key()) == public_key_id(public)
    with pytest.raises(KeyLoadError, match="not overwritten"):
        generate_signing_key_file(path)


def test_signing_key_from_environment_as_base64_seed() -> None:
    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    loaded = load_signing_key(None, {SIGNING_KEY_ENV: base64.b64encode(seed).decode()})
    assert public_key_id(loaded.public_key()) == public_key_id(key.public_key())


def test_verify_key_from_pem_file_and_from_environment(tmp_path: Path) -> None:
    public = Ed25519PrivateKey.generate().public_key()
    path = tmp_path / "audit.pub"
    write_verify_key_file(path, public)
    assert public_key_id(load_verify_key(path, {})) == public_key_id(public)
    from_env = load_verify_key(None, {VERIFY_KEY_ENV: public_key_base64(public)})
    assert public_key_id(from_env) == public_key_id(public)


@pytest.mark.parametrize(
    ("loader", "name"), [(load_signing_key, SIGNING_KEY_ENV), (load_verify_key, VERIFY_KEY_ENV)]
)
def test_missing_keys_name_the_variable(loader: object, name: str) -> None:
    with pytest.raises(KeyLoadError, match=name):
        loader(None, {})  # type: ignore[operator]


def test_bad_signing_key_text_is_not_echoed() -> None:
    text = base64.b64encode(os.urandom(31)).decode()
    with pytest.raises(KeyLoadError) as caught:
        load_signing_key(None, {SIGNING_KEY_ENV: text})
    assert text not in str(caught.value) and SIGNING_KEY_ENV in str(caught.value)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_signing_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "audit.key"
    generate_signing_key_file(path)
    path.chmod(0o644)
    with pytest.raises(KeyLoadError, match="chmod 600"):
        load_signing_key(path, {})


def test_a_non_ed25519_pem_is_refused(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    pem = (
        X25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    path = tmp_path / "x.pub"
    path.write_bytes(pem)
    with pytest.raises(KeyLoadError, match="not an Ed25519 key"):
        load_verify_key(path, {})
