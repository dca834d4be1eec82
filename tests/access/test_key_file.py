"""Key files: private permissions, no overwrite, base64 decoding without leaking input."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from amanat.access.key_file import KeyLoadError, decode_base64_key, read_key_file, write_key_file


def test_written_key_file_is_private_and_readable(tmp_path: Path) -> None:
    path = tmp_path / "k"
    write_key_file(path, b"secret")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_key_file(path, "test key") == b"secret"


def test_existing_key_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "k"
    write_key_file(path, b"first")
    with pytest.raises(KeyLoadError, match="already exists"):
        write_key_file(path, b"second")
    assert read_key_file(path, "test key") == b"first"


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644, 0o610])
def test_key_file_open_to_group_or_others_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "k"
    path.write_bytes(b"secret")
    path.chmod(mode)
    with pytest.raises(KeyLoadError, match=r"chmod 600") as caught:
        read_key_file(path, "test key")
    assert f"{mode:04o}" in str(caught.value)
    assert "secret" not in str(caught.value)


def test_missing_key_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(KeyLoadError, match=r"test key file not found: .*nowhere"):
        read_key_file(tmp_path / "nowhere", "test key")


def test_bad_base64_message_does_not_quote_the_input() -> None:
    text = "c2VjcmV0IGtleSBtYXRlcmlhbA=!"
    with pytest.raises(KeyLoadError) as caught:
        decode_base64_key(text, 32, "SOME_VAR")
    assert "SOME_VAR" in str(caught.value)
    assert "c2VjcmV0" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_wrong_length_is_reported_by_size_only() -> None:
    with pytest.raises(KeyLoadError, match=r"expected 32 bytes .* got 3"):
        decode_base64_key("YWJj", 32, "SOME_VAR")
