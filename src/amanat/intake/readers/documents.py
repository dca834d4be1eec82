"""JSON, JSON Lines and FollowTheMoney entity streams: one record per row.

A JSON array is read element by element, so a file of a million records never sits
in memory; a JSON object holding the records under a key (``records_path``) is read
whole, up to a limit.  Nested objects become dotted keys ("person.name"); lists of
plain values stay lists, for columns that take several values.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.types import registry

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
    list of values, as keys of the row.

    FtM keeps apart what the register holds together, and points at entities by id
    whatever their kind; so each row also carries (see ``EntityIndex``):

    - a reference's value again under ``property:Schema`` — the schema of the entity
      it points at (``member:Person``, ``member:Company``), so a profile can send it
      to the column for that kind of record;
    - for a person, the identity documents held by it (Passport, Identification) as
      ``documents.number``, ``documents.type``, ``documents.country``,
      ``documents.startDate`` and ``documents.endDate``, and its addresses as
      ``addresses.full`` and ``addresses.country``: lists of one value per document
      or address, in the same order (None where one has none).  Numbers given as
      documents are not given again under ``passportNumber`` or ``idNumber``.
    """

    description = "FollowTheMoney entities"

    def __init__(self, path: Path, options: ReadOptions) -> None:
        super().__init__(path, options)
        stat = path.stat()
        self.index = _index(str(path), stat.st_size, stat.st_mtime_ns, options.encoding)

    def row(self, record: Mapping[str, Any]) -> Mapping[str, object]:
        row: dict[str, object] = {"id": record.get("id"), "schema": record.get("schema")}
        properties = record.get("properties")
        if not isinstance(properties, Mapping):
            return row
        row.update(properties)
        schema = model.get(str(record.get("schema")))
        if schema is None:
            return row
        refs: dict[str, list[str]] = {}
        for name, values in properties.items():
            prop = schema.properties.get(name)
            if prop is None or prop.type != registry.entity or not isinstance(values, list):
                continue
            for value in values:
                target = self.index.schemata.get(value) if isinstance(value, str) else None
                if target is not None:
                    refs.setdefault(f"{name}:{target}", []).append(value)
        row.update(refs)
        if schema.is_a("Person"):
            self.index.fold(row, record.get("id"), properties)
        return row


DOCUMENT_KEYS = ("number", "type", "country", "startDate", "endDate")
ADDRESS_KEYS = ("full", "country")


def _first(values: object) -> object:
    return values[0] if isinstance(values, list) and values else None


class EntityIndex:
    """What rows need from other entities of the file: the schema of every id, the
    documents by holder, the addresses by id.  Read in a first pass, so the order of
    the file does not matter."""

    def __init__(self) -> None:
        self.schemata: dict[str, str] = {}
        self.documents: dict[str, list[tuple[object, ...]]] = {}
        self.addresses: dict[str, tuple[object, ...]] = {}

    def add(self, record: Mapping[str, Any]) -> None:
        entity_id, schema_name = record.get("id"), record.get("schema")
        properties = record.get("properties")
        if not isinstance(entity_id, str) or not isinstance(schema_name, str):
            return
        schema = model.get(schema_name)
        if schema is None or not isinstance(properties, Mapping):
            return
        self.schemata[entity_id] = sys.intern(schema.name)
        if schema.is_a("Identification"):
            values = tuple(_first(properties.get(k)) for k in DOCUMENT_KEYS)
            for holder in properties.get("holder") or []:
                self.documents.setdefault(str(holder), []).append(values)
        elif schema.is_a("Address"):
            self.addresses[entity_id] = tuple(_first(properties.get(k)) for k in ADDRESS_KEYS)

    def fold(self, row: dict[str, object], person: object, properties: Mapping[str, Any]) -> None:
        documents = self.documents.get(str(person), [])
        if documents:
            for at, key in enumerate(DOCUMENT_KEYS):
                row[f"documents.{key}"] = [d[at] for d in documents]
            given = {d[0] for d in documents}
            for name in ("passportNumber", "idNumber"):
                numbers = properties.get(name)
                if isinstance(numbers, list):
                    row[name] = [n for n in numbers if n not in given]
        linked = properties.get("addressEntity")
        found = [
            self.addresses[a] for a in linked or [] if isinstance(a, str) and a in self.addresses
        ]
        if found:
            for at, key in enumerate(ADDRESS_KEYS):
                row[f"addresses.{key}"] = [a[at] for a in found]


@lru_cache(maxsize=1)
def _index(path: str, size: int, mtime: int, encoding: str) -> EntityIndex:
    """The file's index, kept for the file's next opening: an import reads the file
    once per kind of record (``size`` and ``mtime`` tell a changed file)."""
    del size, mtime  # part of the cache key only
    index = EntityIndex()
    table = JsonLinesTable(Path(path), ReadOptions(encoding=encoding))
    try:
        for _, record in table.records():
            if isinstance(record, Mapping):
                index.add(record)
    finally:
        table.close()
    return index
