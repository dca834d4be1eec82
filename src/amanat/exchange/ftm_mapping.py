"""The FollowTheMoney mapping (``data/ftm.yaml``), read once and checked against the
FtM model: the schema of each kind of record, how its properties are filled, and
how entity ids are made.  Every FtM output builds its entities through ``Kind``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from followthemoney import model
from followthemoney.schema import Schema

from amanat.exchange.ftm_values import (
    Columns,
    Compiler,
    EntityRef,
    MappingError,
    PartColumns,
    Row,
)

Entity = dict[str, Any]
_SAFE_ID = re.compile(r"^[0-9A-Za-z]([0-9A-Za-z.-]*[0-9A-Za-z])?$")
_SPEC_KEYS = frozenset(
    {"column", "columns", "join", "date", "entity", "values", "except", "label"}
    | {"template", "first", "part", "pick", "where", "unless"}
)


def publisher_tag(code: str) -> str:
    """An organisation's code as it stands in ids: as it is where FtM ids can hold
    it (letters, digits, dots, dashes), else ``x`` and the code's SHA-1."""
    if _SAFE_ID.match(code):
        return code
    return "x" + hashlib.sha1(code.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Ids:
    """How ids are made (the mapping's ``ids``)."""

    record: str
    organisation: str
    tie: str

    def record_prefix(self, token: str, code: str) -> str:
        """Everything of a record's id but the record id itself (ids are made a
        million times: the prefix is made once per kind and organisation)."""
        return self.record.format(token=token, publisher=publisher_tag(code), id="")

    def of_organisation(self, code: str) -> str:
        return self.organisation.format(code=publisher_tag(code))

    def of_tie(self, a: str, b: str) -> str:
        digest = hashlib.sha1(f"{a}\n{b}".encode()).hexdigest()
        return self.tie.format(digest=digest)


@dataclass(frozen=True)
class Kind:
    """One kind of record compiled for an output: its entity from a row."""

    name: str
    token: str
    schema_of: Callable[[Row, int], str]
    # The entity's properties from a row, the rows of each of ``parts`` and the
    # organisation (code written out from the specs: ``properties_code``).
    properties_of: Callable[[Row, Sequence[Sequence[Row]], int], dict[str, list[str]]]
    required: Mapping[str, frozenset[str]]  # schema → properties it cannot be without
    keywords: frozenset[str]  # schemata that take the marking's keywords
    parts: tuple[str, ...] = ()  # the parts its rows come with, in this order


class FtmMapping:
    """The mapping file, checked: ``kinds`` holds each kind's specs as written."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.ids = Ids(**document["ids"])
        for template, field in ((self.ids.record, "{id}"), (self.ids.organisation, "{code}")):
            if not template.endswith(field):
                raise MappingError(f"id template {template!r} must end with {field}")
        self.marking: Mapping[str, Any] = document["marking"]
        self.kinds: Mapping[str, Mapping[str, Any]] = document["kinds"]
        self.network: Mapping[str, Any] = document["network"]
        for name, spec in self.kinds.items():
            _check_kind(name, spec)

    def token(self, kind: str) -> str:
        return str(self.kinds[kind].get("token", kind))

    def parts(self, kind: str) -> Mapping[str, str]:
        """Part name → table, of a kind with parts (a person's names, documents ...)."""
        return dict(self.kinds[kind].get("parts", {}))

    def schemata(self, kind: str) -> list[str]:
        spec = self.kinds[kind].get("schema")
        if spec is None:  # links: one schema per rule
            return [str(r["schema"]) for r in self.kinds[kind]["links"]]
        if isinstance(spec, str):
            return [spec]
        return sorted({*map(str, spec["values"].values()), str(spec["otherwise"])})

    def required_links(self, kind: str) -> list[tuple[str, str]]:
        """(column, kind of record) of the references a record of ``kind`` cannot be
        written without (a case party's case and person): FtM requires them of
        every schema the kind may give."""
        required = set.intersection(*(set(_schema(s).required) for s in self.schemata(kind)))
        return [
            (str(spec["column"]), str(spec["entity"]))
            for name, spec in self.kinds[kind].get("properties", {}).items()
            if name in required and isinstance(spec, Mapping) and set(spec) == {"column", "entity"}
        ]

    def compile(
        self,
        kind: str,
        columns: Columns,
        entity: EntityRef,
        countries: Mapping[int, str | None] | None = None,
    ) -> Kind:
        """Kind ``kind``'s entities, reading ``columns`` (a part's, for a kind that is
        part of another); ``entity`` makes the ids of records pointed at, and
        ``countries`` (organisation id → country) places phone numbers."""
        spec = self.kinds[kind]
        part_of = spec.get("part_of")
        view = PartColumns(columns, part_of["part"]) if part_of else columns
        compiler = Compiler(view, entity, countries)
        schemata = [_schema(s) for s in self.schemata(kind)]
        body = []
        for name, value_spec in spec.get("properties", {}).items():
            type_name = schemata[0].properties[name].type.name
            body += compiler.code(str(name), value_spec, type_name)
        properties_of = properties_code(kind, compiler, body)
        chooser = spec.get("schema")
        schema_of: Callable[[Row, int], str]
        if isinstance(chooser, Mapping) and set(chooser) == {"column", "values", "otherwise"}:
            # By a code (a document's type): one lookup, whatever the number of rows.
            at = view.at(None, str(chooser["column"]))
            codes = {str(k): str(v) for k, v in chooser["values"].items()}
            otherwise = str(chooser["otherwise"])
            schema_of = lambda row, org: codes.get(row[at], otherwise)  # noqa: E731
        elif isinstance(chooser, Mapping):
            one = compiler.one(chooser, None, "")
            otherwise = str(chooser["otherwise"])
            schema_of = lambda row, org: one(row, org) or otherwise  # noqa: E731
        else:  # links choose their schema by rule (amanat.exchange.ftm_links)
            constant = str(chooser) if chooser else ""
            schema_of = lambda row, org: constant  # noqa: E731
        return Kind(
            name=kind,
            token=self.token(kind),
            schema_of=schema_of,
            properties_of=properties_of,
            required={s.name: frozenset(s.required) for s in schemata},
            keywords=frozenset(s.name for s in schemata if "keywords" in s.properties),
            parts=tuple(compiler.parts),
        )


def properties_code(kind: str, compiler: Compiler, body: list[str]) -> Any:
    """One function per kind, written out from the specs and compiled: at a million
    rows a function call per property would cost more than the values themselves."""
    views = compiler.view_lines()  # after the body: its specs name the views
    lines = [
        "def properties_of(row, parts, org):",
        *("    " + line for line in views),
        "    found = {}",
        *("    " + line.replace("VIEWS", compiler.all_views()) for line in body),
        "    return found",
    ]
    namespace = dict(compiler.namespace)
    exec(compile("\n".join(lines), f"<FtM mapping: {kind}>", "exec"), namespace)
    # Taken out of its own globals: left there, function and namespace would be a
    # reference cycle, and with them the export's ids the namespace's helpers hold
    # (``ref_person`` ...) would outlive the export until a full collection.
    return namespace.pop("properties_of")


def _schema(name: str) -> Schema:
    schema = model.get(name)
    if schema is None or schema.abstract:
        raise MappingError(f"{name!r} is not a FollowTheMoney schema entities can have")
    return schema


def _check_spec(where: str, spec: Any) -> None:
    if isinstance(spec, str):
        return
    if not isinstance(spec, Mapping) or not spec:
        raise MappingError(f"{where}: {spec!r} is not a value spec")
    unknown = set(spec) - _SPEC_KEYS
    if unknown:
        raise MappingError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    for choice in spec.get("first", []):
        _check_spec(where, choice)


def _check_kind(name: str, spec: Mapping[str, Any]) -> None:
    """Every schema exists; every property exists on every schema the kind may give."""
    mapping_schemata = (
        [spec["schema"]]
        if isinstance(spec.get("schema"), str)
        else (
            [*spec["schema"]["values"].values(), spec["schema"]["otherwise"]]
            if spec.get("schema")
            else [r["schema"] for r in spec.get("links", [])]
        )
    )
    if not mapping_schemata:
        raise MappingError(f"kinds.{name}: says no schema")
    for schema_name in mapping_schemata:
        schema = _schema(str(schema_name))
        names = list(spec.get("properties", {}))
        if spec.get("marked"):
            names.append("publisher")
        for rule in spec.get("links", []):
            if rule["schema"] == schema_name:
                names += [rule["subject"], rule["object"]]
                names += [rule[k] for k in ("detail", "kind") if k in rule]
        for prop in names:
            if prop not in schema.properties:
                raise MappingError(f"kinds.{name}: {schema_name} has no property {prop!r}")
    for prop, value_spec in spec.get("properties", {}).items():
        _check_spec(f"kinds.{name}.{prop}", value_spec)


@cache
def ftm_mapping() -> FtmMapping:
    """The mapping shipped with Amanat, read and checked once per process."""
    text = resources.files("amanat.exchange").joinpath("data/ftm.yaml").read_text("utf-8")
    return FtmMapping(yaml.safe_load(text))
