"""Master key loading and generation: sources, permissions, errors free of key material."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from amanat.access.vault import (
    MASTER_KEY_ENV,
    KeyLoadError,
    MasterKey,
    generate_master_key,
    generate_master_key_file,
    load_master_key,
)


def _private_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def test_loads_raw_32_byte_file(tmp_path: Path) -> None:
    raw = os.urandom(32)
    assert load_master_key(_private_file(tmp_path / "k", raw), {}).secret == raw


def test_loads_base64_file_with_newline(tmp_path: Path) -> None:
    raw = os.urandom(32)
    path = _private_file(tmp_path / "k", base64.b64encode(raw) + b"\n")
    assert load_master_key(path, {}).secret == raw


def test_loads_base64_environment_variable() -> None:
    raw = os.urandom(32)
    env = {MASTER_KEY_ENV: base64.b64encode(raw).decode() + " "}
    assert load_master_key(None, env).secret == raw


def test_an_explicit_file_wins_over_the_environment(tmp_path: Path) -> None:
    from_file, from_env = os.urandom(32), os.urandom(32)
    env = {MASTER_KEY_ENV: base64.b64encode(from_env).decode()}
    assert load_master_key(_private_file(tmp_path / "k", from_file), env).secret == from_file


@pytest.mark.parametrize("env", [{}, {MASTER_KEY_ENV: "  "}])
def test_missing_key_names_the_variable(env: dict[str, str]) -> None:
    with pytest.raises(KeyLoadError, match=MASTER_KEY_ENV):
        load_master_key(None, env)


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(KeyLoadError, match=r"master key file not found: .*absent\.key"):
        load_master_key(tmp_path / "absent.key", {})


def test_invalid_variable_error_has_no_key_material() -> None:
    text = base64.b64encode(os.urandom(32)).decode()[:-2] + "*="
    with pytest.raises(KeyLoadError) as caught:
        load_master_key(None, {MASTER_KEY_ENV: text})
    message = str(caught.value)
    assert MASTER_KEY_ENV in message
    assert not any(text[i : i + 6] in message for i in range(len(text) - 6))


def test_key_of_wrong_length_is_refused_by_length_only(tmp_path: Path) -> None:
    raw = os.urandom(24)
    path = _private_file(tmp_path / "k", base64.b64encode(raw))
    with pytest.raises(KeyLoadError, match="got 24") as caught:
        load_master_key(path, {})
    assert base64.b64encode(raw).decode() not in str(caught.value)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_group_readable_key_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "k"
    path.write_bytes(os.urandom(32))
    path.chmod(0o640)
    with pytest.raises(KeyLoadError, match="group or others"):
        load_master_key(path, {})


def test_generated_file_is_0600_and_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    key = generate_master_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_master_key(path, {}) == key
    with pytest.raises(KeyLoadError, match="not overwritten"):
        generate_master_key_file(path)


def test_repr_and_str_show_only_the_key_id() -> None:
    key = generate_master_key()
    for text in (repr(key), str(key), f"{key}"):
        assert key.key_id in text
        assert key.secret.hex() not in text
        assert base64.b64encode(key.secret).decode() not in text
        assert repr(key.secret) not in text


def test_key_id_is_a_stable_fingerprint_that_tells_keys_apart() -> None:
    key = generate_master_key()
    assert key.key_id == MasterKey(key.secret).key_id
    assert len(key.key_id) == 16
    assert key.key_id != generate_master_key().key_id
    assert key.key_id not in key.secret.hex()


def test_master_key_must_have_32_bytes() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        MasterKey(b"short")
