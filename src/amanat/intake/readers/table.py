"""What every reader gives the loader: headings, then rows one at a time.

Rows are streamed, never loaded whole, so a file of millions of rows is read in
bounded memory.  Spreadsheet-like files (CSV, XLSX) give each row as a list of cells
in heading order; documents (JSON, JSON Lines, FollowTheMoney) give each record as a
mapping from (dotted) key to value.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, NamedTuple

Cells = Sequence[object] | Mapping[str, object]

# A cell bigger than this is not data anyone typed; the CSV reader refuses it.
MAX_CELL_BYTES = 1 << 20


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file, from the profile (every field has a sensible default)."""

    format: str | None = None
    encoding: str = "auto"
    delimiter: str = "auto"
    sheet: str | None = None
    header: bool = True
    records_path: str | None = None
    # Refuse files (or, for XLSX, unpacked workbooks) larger than this.
    max_bytes: int = 4 << 30


class SourceRow(NamedTuple):
    """One row as numbered in the file (the heading row of a sheet is row 1); a named
    tuple because a million of them are made per import."""

    number: int
    cells: Cells


class SourceTable:
    """A readable table: ``headings``, then iterate for rows; close when done."""

    headings: list[str]
    keyed: bool = False  # True: rows are mappings by heading, not lists of cells
    description: str = ""  # "CSV, windows-1251, ';'" — shown in the summary

    def __iter__(self) -> Iterator[SourceRow]:
        raise NotImplementedError

    def progress(self) -> tuple[int, int | None]:
        """Work done and the total (bytes or rows), for a progress bar."""
        return (0, None)

    def close(self) -> None:
        """Release the file."""

    def __enter__(self) -> SourceTable:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it, so progress can be shown
    while a text layer decodes it."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


def file_size(path: Path) -> int:
    return path.stat().st_size


def blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
