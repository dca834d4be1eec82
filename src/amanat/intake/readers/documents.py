"""JSON, JSON Lines and FollowTheMoney entity streams: one record per row.

A JSON array is read element by element, so a file of a million records never sits
in memory; a JSON object holding the records under a key (``records_path``) is read
whole, up to a limit.  Nested objects become dotted keys ("person.name"); lists of
plain values stay lists, for columns that take several values.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from amanat.intake.problems import IntakeError
from amanat.intake.readers.encoding import SAMPLE_BYTES, detect_encoding, normalise_name
from amanat.intake.readers.table import CountingReader, ReadOptions, SourceRow, SourceTable

# A JSON object (not an array) is parsed whole; beyond this, use JSON Lines.
MAX_WHOLE_JSON = 256 << 20
CHUNK = 1 << 16
_DECODER = json.JSONDecoder()
_SPACE = " \t\r\n"


def flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


class _Text:
    """The file as text, read in chunks, with its byte count for progress."""

    def __init__(self, path: Path, encoding: str) -> None:
        raw = path.open("rb")
        sample = raw.read(SAMPLE_BYTES)
        raw.seek(0)
        self.encoding = detect_encoding(sample) if encoding == "auto" else normalise_name(encoding)
        self.counter = CountingReader(raw)
        self.stream = io.TextIOWrapper(io.BufferedReader(self.counter), encoding=self.encoding)

    def read(self) -> str:
        try:
            return self.stream.read(CHUNK)
        except UnicodeDecodeError as exc:
            raise IntakeError(
                "mixed_encoding",
                encoding=self.encoding,
                byte=f"0x{exc.object[exc.start]:02x}",
                line="?",
            ) from None


class DocumentTable(SourceTable):
    """Base of the JSON readers: records are mappings, headings are not known ahead."""

    keyed = True

    def __init__(self, path: Path, options: ReadOptions) -> None:
        self.size = path.stat().st_size
        if self.size == 0:
            raise IntakeError("empty_file")
        self.text = _Text(path, options.encoding)
        self.options = options
        self.headings = []

    def records(self) -> Iterator[tuple[int, object]]:
        raise NotImplementedError

    def __iter__(self) -> Iterator[SourceRow]:
        for number, record in self.records():
            if isinstance(record, Mapping):
                yield SourceRow(number, self.row(record))
            else:
                yield SourceRow(number, {"": record})  # the loader reports "not an object"

    def row(self, record: Mapping[str, Any]) -> Mapping[str, object]:
        return flatten(record)

    def progress(self) -> tuple[int, int | None]:
        return (self.text.counter.count, self.size)

    def close(self) -> None:
        self.text.stream.close()


class JsonTable(DocumentTable):
    description = "JSON"

    def records(self) -> Iterator[tuple[int, object]]:
        buffer = self._fill("")
        if buffer.startswith("["):
            yield from self._array(buffer[1:])
            return
        if self.size > MAX_WHOLE_JSON:
            raise IntakeError("too_large", limit=f"{MAX_WHOLE_JSON >> 20} MiB for a JSON object")
        while chunk := self.text.read():
            buffer += chunk
        try:
            document = json.loads(buffer)
        except json.JSONDecodeError as exc:
            raise IntakeError("bad_json", text=str(exc)) from None
        yield from enumerate(self._records_in(document), start=1)

    def _records_in(self, document: object) -> list[object]:
        path = self.options.records_path
        keys = path.split(".") if path else None
        if keys is None and isinstance(document, dict):
            keys = next(([k] for k in ("records", "data", "items") if k in document), None)
        found: object = document
        for key in keys or []:
            found = found.get(key) if isinstance(found, dict) else None
        if not isinstance(found, list):
            where = f" under {path!r}" if path else ""
            raise IntakeError("bad_json", text=f"expected a list of records{where}")
        return found

    def _fill(self, buffer: str) -> str:
        while True:
            buffer = buffer.lstrip(_SPACE + "\ufeff")
            if buffer:
                return buffer
            chunk = self.text.read()
            if not chunk:
                raise IntakeError("empty_file")
            buffer += chunk

    def _array(self, buffer: str) -> Iterator[tuple[int, object]]:
        number = 0
        expect_value = True
        while True:
            buffer = buffer.lstrip(_SPACE)
            while not buffer:
                chunk = self.text.read()
                if not chunk:
                    raise IntakeError("bad_json", text="the array is not closed with ]")
                buffer = chunk.lstrip(_SPACE)
            if buffer[0] == "]":
                return
            if not expect_value:
                if buffer[0] != ",":
                    raise IntakeError("bad_json", text=f"expected , after record {number}")
                buffer, expect_value = buffer[1:], True
                continue
            value, buffer = self._value(buffer, number + 1)
            number += 1
            expect_value = False
            yield number, value

    def _value(self, buffer: str, number: int) -> tuple[object, str]:
        # A record may straddle chunks: read more until it parses.  An error far from
        # the end of a large buffer is a real one; no record is anywhere near 4 MiB.
        while True:
            try:
                value, end = _DECODER.raw_decode(buffer)
                if end < len(buffer) or not isinstance(value, int | float):
                    return value, buffer[end:]
            except json.JSONDecodeError as exc:
                if exc.pos < len(buffer) - 1 and len(buffer) > 64 * CHUNK:
                    raise IntakeError("bad_json", text=f"record {number}: {exc}") from None
            chunk = self.text.read()
            if not chunk:
                try:
                    value, end = _DECODER.raw_decode(buffer)
                except json.JSONDecodeError as exc:
                    raise IntakeError("bad_json", text=f"record {number}: {exc}") from None
                return value, buffer[end:]
            buffer += chunk


class JsonLinesTable(DocumentTable):
    description = "JSON Lines"

    def records(self) -> Iterator[tuple[int, object]]:
        pending = ""
        number = 0
        while True:
            chunk = self.text.read()
            lines = (pending + chunk).split("\n")
            pending = lines.pop() if chunk else ""
            for line in lines:
                number += 1
                if line.strip():
                    try:
                        yield number, json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise IntakeError("bad_json", text=f"line {number}: {exc}") from None
            if not chunk:
                return


class EntityTable(JsonLinesTable):
    """FollowTheMoney entities, one per line: ``id``, ``schema`` and each property's
    list of values, as keys of the row."""

    description = "FollowTheMoney entities"

    def row(self, record: Mapping[str, Any]) -> Mapping[str, object]:
        row: dict[str, object] = {"id": record.get("id"), "schema": record.get("schema")}
        properties = record.get("properties")
        if isinstance(properties, Mapping):
            row.update(properties)
        return row
