"""The answer key: which records are the same person, kept apart from the register.

Rows are ``record_kind,record_id,identity_id,style``. The file is written as the generator
goes (a million rows for the large region), buffered and flushed in chunks.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import TextIO

HEADER = ("record_kind", "record_id", "identity_id", "style")
GroundTruthRow = tuple[str, int, int, str]


class GroundTruthWriter:
    """Context manager writing ground-truth rows; ``chunk_size`` rows are held before a write."""

    def __init__(self, path: str | Path, chunk_size: int = 10_000) -> None:
        self.path = Path(path)
        self.chunk_size = chunk_size
        self.rows_written = 0
        self._buffer: list[GroundTruthRow] = []
        self._file: TextIO | None = None

    def __enter__(self) -> GroundTruthWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._file, lineterminator="\n")
        self._writer.writerow(HEADER)
        return self

    def write(self, record_kind: str, record_id: int, identity_id: int, style: str) -> None:
        if self._file is None:
            raise RuntimeError("GroundTruthWriter is used outside its `with` block")
        self._buffer.append((record_kind, record_id, identity_id, style))
        if len(self._buffer) >= self.chunk_size:
            self.flush()

    def flush(self) -> None:
        if self._file is None or not self._buffer:
            return
        self._writer.writerows(self._buffer)
        self.rows_written += len(self._buffer)
        self._buffer.clear()
        self._file.flush()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.flush()
        if self._file is not None:
            self._file.close()
            self._file = None


def read_ground_truth(path: str | Path) -> Iterator[GroundTruthRow]:
    """The rows of a ground-truth file, streamed, with ids as ints."""
    with Path(path).open(encoding="utf-8", newline="") as source:
        rows = csv.reader(source)
        header = next(rows, None)
        if header is None or tuple(header) != HEADER:
            raise ValueError(f"{path} is not a ground-truth file (header {header!r})")
        for kind, record_id, identity_id, style in rows:
            yield kind, int(record_id), int(identity_id), style
