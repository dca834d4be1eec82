"""Files uploaded for import, kept on the server between upload, preview and confirm
(and exports on their way to a browser).

An agency's file can hold victims' identities, so it never lives in the browser or
in a session cookie: it waits in a private folder (mode 0700) under a random token,
readable only by the user who uploaded it, and is deleted after the import is
confirmed, when the user discards it, or after ``KEEP_SECONDS``.  The size is
limited while the file is being received, so an oversized upload never fills the
disk.

Only storage: whose file it is, and what may be done with it, is the actions'
(``amanat.actions.uploads``), which the web app and the API call alike.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from amanat.intake.problems import RowError
from amanat.intake.report import write_error_report

KEEP_SECONDS = 2 * 60 * 60
CHUNK = 1024 * 1024
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_UNSAFE = re.compile(r"[^\w.\- ]+")
META = "meta.json"
ERRORS = "errors.csv"


class StagedFileMissing(LookupError):
    """No such upload for this user: never made, expired, discarded, or another's."""


class UploadTooLarge(ValueError):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the file is larger than {limit >> 20} MiB")


@dataclass(frozen=True)
class StagedFile:
    token: str
    folder: Path
    name: str  # the file's own name, as uploaded (made safe)
    owner: int  # the user id that uploaded it
    size: int
    created: float

    @property
    def path(self) -> Path:
        return self.folder / self.name

    @property
    def errors(self) -> Path:
        """The error report of the last preview."""
        return self.folder / ERRORS

    def keep_errors(self, errors: Sequence[RowError], lang: str) -> None:
        """Keep the last check's bad cells as the file's error report (none: the
        report of an earlier check is deleted, so it never describes an old file)."""
        if errors:
            write_error_report(self.errors, errors, lang)
        else:
            self.errors.unlink(missing_ok=True)


def safe_name(filename: str | None) -> str:
    """The upload's name without folders or odd characters; its suffix tells the
    format (``.csv``, ``.xlsx``, ``.ftm.jsonl``)."""
    base = Path((filename or "").replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).strip(" .")[-120:]
    if not cleaned or cleaned in (META, ERRORS):
        return "upload"
    return cleaned


class StagingArea:
    def __init__(self, root: Path, max_bytes: int, keep_seconds: int = KEEP_SECONDS) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.keep_seconds = keep_seconds

    def _folder(self) -> Path:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        return self.root

    def save(self, owner: int, filename: str | None, stream: IO[bytes]) -> StagedFile:
        """Keep ``stream`` for ``owner``; ``UploadTooLarge`` (and nothing kept) if it
        exceeds the limit."""
        self.sweep()
        token = secrets.token_urlsafe(24)
        folder = self._folder() / token
        folder.mkdir(mode=0o700)
        name = safe_name(filename)
        size = 0
        try:
            with (folder / name).open("xb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise UploadTooLarge(self.max_bytes)
                    out.write(chunk)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        created = time.time()
        meta = {"name": name, "owner": owner, "size": size, "created": created}
        (folder / META).write_text(json.dumps(meta), encoding="utf-8")
        return StagedFile(token, folder, name, owner, size, created)

    def get(self, owner: int, token: str) -> StagedFile:
        if not _TOKEN.match(token):
            raise StagedFileMissing(token)
        folder = self.root / token
        try:
            meta = json.loads((folder / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise StagedFileMissing(token) from None
        staged = StagedFile(
            token, folder, meta["name"], meta["owner"], meta["size"], meta["created"]
        )
        # Someone else's upload is answered exactly like a missing one.
        if staged.owner != owner or self._expired(staged.created):
            raise StagedFileMissing(token)
        return staged

    def discard(self, staged: StagedFile) -> None:
        shutil.rmtree(staged.folder, ignore_errors=True)

    def _expired(self, created: float) -> bool:
        return time.time() - created > self.keep_seconds

    def sweep(self) -> None:
        """Delete uploads kept longer than ``keep_seconds`` (any user's)."""
        for folder in self._uploads():
            try:
                created = json.loads((folder / META).read_text(encoding="utf-8"))["created"]
            except (OSError, ValueError, KeyError):
                created = folder.stat().st_mtime
            if self._expired(float(created)):
                shutil.rmtree(folder, ignore_errors=True)
        # An export whose download broke off is not deleted after sending.
        exports = self.root / "exports"
        for folder in exports.iterdir() if exports.is_dir() else ():
            if self._expired(folder.stat().st_mtime):
                shutil.rmtree(folder, ignore_errors=True)

    def _uploads(self) -> Iterable[Path]:
        if not self.root.is_dir():
            return []
        return [p for p in self.root.iterdir() if p.is_dir() and _TOKEN.match(p.name)]

    def scratch(self) -> Path:
        """A private folder for exports on their way to the browser."""
        folder = self._folder() / "exports"
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder


def default_root() -> Path:
    """A folder of this system user's under the temporary directory."""
    return Path(tempfile.gettempdir()) / f"amanat-uploads-{os.getuid()}"
