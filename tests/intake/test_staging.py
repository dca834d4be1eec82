"""Uploaded files kept for import: private, for their uploader, size-limited, swept."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest

from amanat.intake.staging import (
    StagedFileMissing,
    StagingArea,
    UploadTooLarge,
    safe_name,
)


def test_names_lose_their_folders_and_odd_characters() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\a\\люди 2024.csv") == "люди 2024.csv"
    assert safe_name("a;rm -rf.csv") == "a_rm -rf.csv"
    assert safe_name("") == safe_name("meta.json") == "upload"


def test_a_file_is_its_uploaders_until_it_expires(tmp_path: Path) -> None:
    area = StagingArea(tmp_path / "up", max_bytes=100, keep_seconds=60)
    staged = area.save(7, "people.csv", io.BytesIO(b"a;b\n1;2\n"))
    assert area.get(7, staged.token).path.read_bytes() == b"a;b\n1;2\n"
    for owner, token in ((8, staged.token), (7, "../" + staged.token[3:]), (7, "x" * 32)):
        with pytest.raises(StagedFileMissing):
            area.get(owner, token)
    old = time.time() - 120
    os.utime(staged.folder / "meta.json", (old, old))
    meta = (staged.folder / "meta.json").read_text().replace(str(staged.created), str(old))
    (staged.folder / "meta.json").write_text(meta)
    with pytest.raises(StagedFileMissing):
        area.get(7, staged.token)
    area.save(7, "other.csv", io.BytesIO(b"x"))  # every save sweeps what has expired
    assert not staged.folder.exists()


def test_an_oversized_upload_leaves_nothing(tmp_path: Path) -> None:
    area = StagingArea(tmp_path / "up", max_bytes=10)
    with pytest.raises(UploadTooLarge):
        area.save(1, "big.csv", io.BytesIO(b"x" * 11))
    assert list((tmp_path / "up").iterdir()) == []
