"""CSV and other delimited text, streamed: encoding and delimiter found from a sample.

Russian Excel saves "CSV" with semicolons (the comma is the decimal mark), national
systems often with tabs or pipes; the delimiter is the candidate that occurs most
often in the heading line outside quotes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from amanat.intake.problems import IntakeError
from amanat.intake.readers.encoding import SAMPLE_BYTES, detect_encoding, normalise_name
from amanat.intake.readers.table import (
    MAX_CELL_BYTES,
    CountingReader,
    ReadOptions,
    SourceRow,
    SourceTable,
    blank,
)

DELIMITERS = (";", ",", "\t", "|")
_SHOWN = {"\t": "tab", ";": "';'", ",": "','", "|": "'|'"}


def guess_delimiter(first_line: str) -> str:
    outside = first_line.split('"')[::2]  # text between pairs of quotes
    counts = {d: sum(part.count(d) for part in outside) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


class DelimitedTable(SourceTable):
    def __init__(self, path: Path, options: ReadOptions) -> None:
        self.path = path
        self.size = path.stat().st_size
        if self.size == 0:
            raise IntakeError("empty_file")
        raw = path.open("rb")
        sample = raw.read(SAMPLE_BYTES)
        raw.seek(0)
        if options.encoding == "auto":
            self.encoding = detect_encoding(sample)
        else:
            self.encoding = normalise_name(options.encoding)
        self.counter = CountingReader(raw)
        buffered = io.BufferedReader(self.counter, buffer_size=1 << 16)
        self.text = io.TextIOWrapper(buffered, encoding=self.encoding, newline="")
        first = sample.decode(self.encoding, errors="replace").lstrip("\ufeff").split("\n")[0]
        delimiter = guess_delimiter(first) if options.delimiter == "auto" else options.delimiter
        delimiter = "\t" if delimiter in ("tab", "\\t") else delimiter
        csv.field_size_limit(MAX_CELL_BYTES)
        self.reader = csv.reader(self.text, delimiter=delimiter, strict=True)
        self.line = 0
        self.description = f"CSV, {self.encoding}, delimiter {_SHOWN.get(delimiter, delimiter)}"
        self.headings = self._headings(options.header)

    def _next(self) -> list[str] | None:
        try:
            row = next(self.reader)
        except StopIteration:
            return None
        except UnicodeDecodeError as exc:
            raise IntakeError(
                "mixed_encoding",
                encoding=self.encoding,
                byte=f"0x{exc.object[exc.start]:02x}",
                line=self.line + 1,
            ) from None
        except csv.Error as exc:
            raise IntakeError("bad_csv", text=f"line {self.reader.line_num}: {exc}") from None
        self.line += 1
        return row

    def _headings(self, header: bool) -> list[str]:
        while True:
            row = self._next()
            if row is None:
                raise IntakeError("empty_file")
            if not all(blank(cell) for cell in row):
                break
        if not header:
            self.pending: list[str] | None = row
            return [f"#{i + 1}" for i in range(len(row))]
        self.pending = None
        return [cell.strip().lstrip("\ufeff") for cell in row]

    def __iter__(self) -> Iterator[SourceRow]:
        if self.pending is not None:
            yield SourceRow(self.line, self.pending)
        while (row := self._next()) is not None:
            if not all(blank(cell) for cell in row):
                yield SourceRow(self.line, row)

    def progress(self) -> tuple[int, int | None]:
        return (self.counter.count, self.size)

    def close(self) -> None:
        self.text.close()
