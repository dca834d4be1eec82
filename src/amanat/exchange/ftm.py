"""FollowTheMoney entities, one JSON object per line, for Aleph, OpenSanctions tools
and anything else that reads the FtM model — built through the one mapping,
``data/ftm.yaml`` (``amanat.exchange.ftm_mapping``).

Entities are plain dictionaries with values already in FtM's clean form, because
building a million ``EntityProxy`` objects and cleaning every value through the
library would take minutes; the tests check every entity of an export against
``followthemoney.model``.  Links (family, membership, case party ...) are only
written when both ends are in the export, so no entity points at one the reader
cannot see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from sqlalchemy import case, select

from amanat.access.identity_vault import Identity, ProtectedIdentity
from amanat.access.visibility import visible
from amanat.exchange.ftm_links import Links
from amanat.exchange.ftm_mapping import Entity, FtmMapping, Kind, ftm_mapping
from amanat.exchange.ftm_parts import NONE, parts_column, read_parts
from amanat.exchange.ftm_values import Columns, Reference, Row
from amanat.exchange.scope import ExportScope, raw_stream
from amanat.intake.fields import parent_column
from amanat.register import Base
from amanat.register.base import utcnow

MARKED = ("org_id", "tlp", "handling", "reliability", "credibility")
# Kinds of record in the export's order, and the ones counted for the audit entry.
ORDER = ("organisation", "person", "group", "vehicle", "case", "case_role", "relationship")
COUNTED = frozenset(ORDER) - {"organisation"}
IDENTITY_COLUMNS = ("birth_year", "birth_month", "birth_day")
TICK = 10_000  # entities written between progress reports


def model_of_table(name: str) -> Any:
    """The register's model of table ``name``."""
    return next(m.class_ for m in Base.registry.mappers if m.class_.__tablename__ == name)


def columns_of(mapping: FtmMapping, kind: str) -> Columns:
    """The columns ``kind`` reads, with its parts linked to it."""
    table = model_of_table(str(mapping.kinds[kind]["table"])).__table__.name
    parents = {
        part: parent_column(model_of_table(part_table), table)
        for part, part_table in mapping.parts(kind).items()
    }
    return Columns(parents)


class Publishers:
    """Entity ids and markings, as the mapping makes them from a record's organisation."""

    def __init__(self, mapping: FtmMapping) -> None:
        self.mapping = mapping
        self.codes: dict[int, str] = {}  # organisation id → code
        self.countries: dict[int, str | None] = {}  # organisation id → country
        self.written: dict[str, dict[int, int]] = {}  # kind → record id → organisation id
        self.parts = {k for k, spec in mapping.kinds.items() if spec.get("part_of") is not None}
        self._prefixes: dict[str, Prefixes] = {}
        self._references: dict[str, Reference] = {}
        # Organisation id → the publisher property of its records; a marking (TLP,
        # handling, reliability, credibility) → the keywords.  One list each, shared.
        # Nothing here points back at ``self`` (no bound method, no closure over it):
        # an export's ids (``written``: every record written) must go when the export
        # does, not wait in a reference cycle for the collector's rare full pass — in
        # a served worker each export left ~5 MiB behind that way (BENCHMARKS.md, soak).
        codes = self.codes
        self.publisher = Made(lambda org: [codes[org]])
        self.keywords = Made(partial(keywords_of, [str(t) for t in mapping.marking["keywords"]]))

    def prefixes(self, kind: str) -> Prefixes:
        """The ids of ``kind``'s records but the record id, by organisation."""
        found = self._prefixes.get(kind)
        if found is None:
            found = self._prefixes[kind] = Prefixes(self.mapping, self.codes, kind)
        return found

    def record_id(self, kind: str, record_id: int, org: int) -> str:
        return self.prefixes(kind)[org] + str(record_id)

    def entity(self, kind: str) -> Reference:
        """The ids of the records of ``kind`` rows point at: (record id, organisation
        of the row pointing) → the id, or None when that record is not in the export.
        One function per kind, made once: links and parts call it a million times."""
        found = self._references.get(kind)
        if found is None:
            found = self._references[kind] = self._reference(kind)
        return found

    def _reference(self, kind: str) -> Reference:
        if kind == "organisation":
            codes, of_organisation = self.codes, self.mapping.ids.of_organisation
            return lambda record_id, org: (
                None if (code := codes.get(record_id)) is None else of_organisation(code)
            )
        prefixes = self.prefixes(kind)
        if kind in self.parts:  # a person's document or address: the person's publisher
            return lambda record_id, org: prefixes[org] + str(record_id)
        written = self.written.setdefault(kind, {})
        return lambda record_id, org: (
            None if (owner := written.get(record_id)) is None else prefixes[owner] + str(record_id)
        )


def keywords_of(templates: list[str], marking: tuple[Any, ...]) -> list[str]:
    """The keywords of a record's marking (TLP, handling, reliability, credibility)."""
    tlp, handling, reliability, credibility = marking
    values = {
        "tlp": tlp,
        "handling": handling,
        "reliability": reliability,
        "credibility": credibility,
    }
    return [t.format(**values) for t in templates]


class Made(dict[Any, list[str]]):
    """Values made once by ``make`` and then looked up as a plain dict (in C)."""

    def __init__(self, make: Callable[[Any], list[str]]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> list[str]:
        found = self[key] = self.make(key)
        return found


class Prefixes(dict[int, str]):
    """Organisation id → the ids of one kind's records of it, but the record id:
    made once per organisation, then looked up as a plain dict."""

    def __init__(self, mapping: FtmMapping, codes: dict[int, str], kind: str) -> None:
        super().__init__()
        self.mapping = mapping
        self.codes = codes  # the export's organisation codes (``Publishers.codes``)
        self.kind = kind

    def __missing__(self, org: int) -> str:
        mapping = self.mapping
        found = mapping.ids.record_prefix(mapping.token(self.kind), self.codes[org])
        self[org] = found
        return found


class FtmExport:
    """Builds the entities of one export, remembering which were written.

    Rows are read as plain driver tuples (``raw_stream``) with only the columns the
    mapping reads; at a million people the result machinery of an ORM row would cost
    more than everything else together."""

    def __init__(self, scope: ExportScope, mapping: FtmMapping | None = None) -> None:
        self.scope = scope
        self.mapping = mapping or ftm_mapping()
        self.publishers = Publishers(self.mapping)
        # One moment for every query: a record and its parts are seen alike, even
        # where a break-glass grant runs out during the export.
        self.now = utcnow()
        self.marked = {k for k, spec in self.mapping.kinds.items() if spec.get("marked")}

    def visible(self, model: Any) -> Any:
        """The records of ``model`` the user may see (the access layer's SQL rule)."""
        return visible(model, self.scope.viewer, self.now)

    def entities(self) -> Iterator[Entity]:
        for kind in ORDER:
            if kind == "relationship":
                yield from Links(self, kind).entities()
            else:
                yield from self.records(kind)

    def stream(self, query: Any) -> Iterator[tuple[Any, ...]]:
        return raw_stream(self.scope.session, query)

    def columns_of(self, kind: str) -> Columns:
        return columns_of(self.mapping, kind)

    def compiled(self, kind: str, columns: Columns) -> tuple[Kind, list[tuple[str, Kind]]]:
        """The kind, and the kinds made of its parts (a person's documents ...)."""
        publishers = self.publishers
        compiled = self.mapping.compile(kind, columns, publishers.entity, publishers.countries)
        made_of_parts = [
            (
                str(spec["part_of"]["part"]),
                self.mapping.compile(name, columns, publishers.entity, publishers.countries),
            )
            for name, spec in self.mapping.kinds.items()
            if (spec.get("part_of") or {}).get("kind") == kind
        ]
        return compiled, made_of_parts

    def model_of(self, kind: str) -> Any:
        """The register's model of the records of ``kind``."""
        return model_of_table(str(self.mapping.kinds[kind]["table"]))

    def select(self, kind: str, columns: Columns) -> Any:
        """The records of ``kind`` the user may see, in id order: the columns the
        mapping reads, then one column per part (``ftm_parts``), then the marking."""
        spec = self.mapping.kinds[kind]
        model = self.model_of(kind)
        chosen = [model.__table__.columns[n] for n in columns.wanted[None]]
        dialect = self.scope.session.get_bind().dialect.name
        hidden = model.__table__.columns["is_protected"] if "protected" in spec else None
        tables = self.mapping.parts(kind)
        chosen += [
            parts_column(dialect, model, model_of_table(tables[part]), columns.wanted[part], hidden)
            for part in columns.parts
        ]
        if "protected" in spec:
            chosen.append(Protected.pseudonym(model))
        if spec.get("marked"):
            chosen += [model.__table__.columns[n] for n in MARKED]
        query = select(*chosen)
        if spec.get("marked"):
            query = query.where(self.visible(model))
        for column, target in self.mapping.required_links(kind):
            # A link whose end the user may not see is never written: not read either
            # (most case parties of a regional analyst's cases are people of others).
            if target in self.marked:
                end = self.model_of(target)
                seen = select(end.id).where(end.id == model.__table__.columns[column])
                query = query.where(seen.where(self.visible(end)).exists())
        return query.order_by(model.id)

    def records(self, kind: str) -> Iterator[Entity]:
        """The entities of the records of ``kind`` the user may see, each followed by
        the entities made of its parts.  The loop runs a million times: what it
        needs is looked up once, before it."""
        spec = self.mapping.kinds[kind]
        columns = self.columns_of(kind)
        compiled, made_of_parts = self.compiled(kind, columns)
        protected = Protected(self, columns, compiled) if "protected" in spec else None
        at = {part: n for n, part in enumerate(columns.parts)}
        publishers = self.publishers
        made = [
            (at[part], part_kind, publishers.prefixes(part_kind.name))
            for part, part_kind in made_of_parts
        ]
        written = publishers.written.setdefault(kind, {})
        ids = publishers.prefixes(kind)
        chooser = spec.get("schema")
        constant = chooser if isinstance(chooser, str) else None
        properties_of, schema_of = compiled.properties_of, compiled.schema_of
        required, keywords = compiled.required, compiled.keywords
        marked = bool(spec.get("marked"))
        organisations = kind == "organisation"
        code_at = columns.at(None, "code") if organisations else 0
        country_at = columns.at(None, "country") if organisations else 0
        query = self.select(kind, columns)  # every column is known by now
        flag = protected.flag if protected is not None else 0
        first = len(columns.wanted[None])  # where the part columns are
        last = first + len(columns.parts)
        no_parts: list[Any] = [NONE for _ in columns.parts]
        if protected is not None:
            protected.pseudonym_at = last
        count = 0
        for row in self.stream(query):
            record_id = row[0]
            if organisations:
                publishers.codes[record_id] = row[code_at]
                publishers.countries[record_id] = row[country_at]
                entity_id, org = publishers.mapping.ids.of_organisation(row[code_at]), record_id
            else:
                org = row[-5]
                entity_id = ids[org] + str(record_id)
            parts = read_parts(row[first:last]) if last > first else no_parts
            if flag and row[flag]:
                assert protected is not None
                properties = protected.properties(row)
                parts = no_parts  # a protected person's parts never leave (nor are read)
            else:
                properties = properties_of(row, parts, org)
            schema = constant or schema_of(row, org)
            needed = required[schema]
            if needed and not properties.keys() >= needed:
                continue  # a link to a record the export does not hold
            if marked:
                properties["publisher"] = publishers.publisher[org]
                if schema in keywords:
                    properties["keywords"] = publishers.keywords[row[-4:]]
            written[record_id] = org
            count += 1
            yield {"id": entity_id, "schema": schema, "properties": properties}
            for part_at, part_kind, part_ids in made:
                for part_row in parts[part_at]:
                    yield {
                        "id": part_ids[org] + str(part_row[1]),
                        "schema": part_kind.schema_of(part_row, org),
                        "properties": part_kind.properties_of(part_row, (), org),
                    }
        if kind in COUNTED:
            self.scope.count(kind, count)


class Protected:
    """A victim or witness: the pseudonym only, unless this export may carry the
    identity (then the vault's, never what an old import left in plaintext)."""

    def __init__(self, export: FtmExport, columns: Columns, compiled: Kind) -> None:
        spec = export.mapping.kinds["person"]["protected"]
        self.export = export
        self.compiled = compiled
        self.columns = columns
        self.flag = columns.at(None, "is_protected")
        self.keep = frozenset(spec["keep"])
        self.unnamed = str(spec["name"])
        self.birth = [columns.at(None, c) for c in IDENTITY_COLUMNS]
        self.no_parts = [NONE for _ in columns.parts]
        self.pseudonym_at = 0  # read with the person, after the parts (``select``)

    @staticmethod
    def pseudonym(model: Any) -> Any:
        """The column of a protected person's pseudonym (NULL for anyone else)."""
        found = select(ProtectedIdentity.pseudonym).where(ProtectedIdentity.person_id == model.id)
        return case((model.__table__.columns["is_protected"], found.scalar_subquery()))

    def properties(self, row: Row) -> dict[str, list[str]]:
        person_id, org = row[0], row[-5]
        release = self.export.scope.release
        identity = release.identity(person_id, org) if release is not None else None
        if identity is not None:
            return self.released(row, identity)
        found = self.compiled.properties_of(row, self.no_parts, org)
        kept = {k: v for k, v in found.items() if k in self.keep}
        kept["name"] = [row[self.pseudonym_at] or self.unnamed]
        return kept

    def released(self, row: Row, identity: Identity) -> dict[str, list[str]]:
        values = list(row)
        birth = (identity.birth_year, identity.birth_month, identity.birth_day)
        for at, value in zip(self.birth, birth, strict=True):
            values[at] = value
        given = {
            "name": [self._part("name", row[0], n) for n in identity.names],
            "citizenship": [
                self._part("citizenship", row[0], {"country": c}) for c in identity.citizenships
            ],
        }
        parts = [given.get(part, []) for part in self.columns.parts]
        return self.compiled.properties_of(values, parts, row[-5])

    def _part(self, part: str, person_id: int, values: dict[str, Any]) -> tuple[Any, ...]:
        names = self.columns.wanted[part]
        return (person_id, None, *(values.get(n) for n in names[2:]))


def write_ftm_file(scope: ExportScope, path: Path, tick: Any = None) -> int:
    """Write the export to the file ``path``; return the entity count."""
    with path.open("wb") as out:
        return write_ftm(scope, out, tick)


def write_ftm(scope: ExportScope, out: BinaryIO, tick: Any = None) -> int:
    """Write the export as FtM JSON Lines (UTF-8) to ``out``; return the entity count."""
    count = 0
    write, line = out.write, partial(orjson.dumps, option=orjson.OPT_APPEND_NEWLINE)
    for entity in FtmExport(scope).entities():
        write(line(entity))
        count += 1
        if tick is not None and not count % TICK:
            tick(count)
    return count
