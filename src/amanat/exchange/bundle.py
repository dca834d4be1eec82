"""An export of several files in one zip: a standard's own table, and beside it what
the standard has no place for (an extension table, a disclosure report, a note), so
nothing of Amanat's own ever appears as a column of the standard's file."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from amanat.cells import CsvWriter


class Bundle:
    """A zip being written.  CSV members are written to files of their own beside it
    first (so that several can be written row by row at once) and added when done."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)

    @contextmanager
    def csv(self, name: str) -> Iterator[CsvWriter]:
        """A CSV member, UTF-8 with a byte-order mark so that Excel shows Cyrillic."""
        part = self.path.with_name(f".{self.path.name}.{name}")
        try:
            with part.open("w", encoding="utf-8-sig", newline="") as out:
                yield CsvWriter(out)
            self._zip.write(part, name)
        finally:
            part.unlink(missing_ok=True)

    def text(self, name: str, content: str) -> None:
        self._zip.writestr(name, content.encode("utf-8"))

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()
