"""The fixed terms of a STIX 2.1 export: deterministic ids, timestamps, the TLP 2.0
marking definitions, the handling statements and Amanat's property extension.

What they are is data (``exchange/data/stix.yaml``, with the sources of every
choice); this module only builds objects from it.  Ids are UUIDv5 of the record's
kind and id, so the same record has the same id in every export of the register.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from amanat.vocab import vocabulary

StixObject = dict[str, Any]
SPEC_VERSION = "2.1"


@cache
def terms() -> dict[str, Any]:
    text = resources.files("amanat.exchange").joinpath("data/stix.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@cache
def _namespace() -> bytes:
    return uuid.UUID(terms()["namespace"]).bytes


# The RFC 4122 variant bits (10xx) set on the first hex digit of the fourth group.
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def stix_id(object_type: str, key: str) -> str:
    """``object_type--UUIDv5(namespace, key)``; ``key`` is "<kind>/<record id>".

    The same as ``uuid.uuid5``, without building a ``UUID`` object: a large export
    makes several million of them."""
    h = hashlib.sha1(_namespace() + key.encode(), usedforsecurity=False).hexdigest()
    return f"{object_type}--{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


def timestamp(value: dt.datetime) -> str:
    """A STIX timestamp: UTC, to the millisecond, with "Z"."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="milliseconds") + "Z"


@lru_cache(maxsize=1 << 16)
def stored_time(value: dt.datetime | str) -> str:
    """A register time as a STIX timestamp.  PostgreSQL gives aware datetimes;
    SQLite the text SQLAlchemy stored, naive UTC ("2024-05-01 12:34:56.123456"),
    read as text because parsing it only to format it again costs more than the
    rest of the object.  Cached: records are submitted in batches, so times repeat."""
    if not isinstance(value, str):
        return timestamp(value)
    if len(value) >= 23 and value[19] == ".":
        return f"{value[:10]}T{value[11:23]}Z"
    return f"{value[:10]}T{value[11:19]}.000Z"


def tlp_ref(code: str) -> str:
    """The official TLP 2.0 marking definition's id for a register TLP code."""
    found: str = terms()["tlp"]["markings"][code]["id"]
    return found


@cache
def statement_refs() -> dict[str, str]:
    """Handling code → the id of its statement marking definition."""
    return {code: stix_id("marking-definition", f"handling/{code}") for code in _statements()}


def _statements() -> list[str]:
    codes: list[str] = terms()["statements"]
    return codes


def markings(tlp: str, handling: str) -> list[str]:
    refs = [tlp_ref(tlp)]
    statement = statement_refs().get(handling)
    if statement is not None:
        refs.append(statement)
    return refs


@cache
def extension_id() -> str:
    return stix_id("extension-definition", "extension/amanat")


def system_id() -> str:
    return stix_id("identity", "system/amanat")


def definitions() -> list[StixObject]:
    """The objects every export carries whatever it holds: the five TLP 2.0 marking
    definitions as OASIS publishes them, the handling statements, the exporting
    system's identity and the extension definition."""
    spec = terms()
    tlp = spec["tlp"]
    found: list[StixObject] = [
        {
            "type": "marking-definition",
            "spec_version": SPEC_VERSION,
            "id": marking["id"],
            "created": tlp["created"],
            "name": f"TLP:{code}",
            "extensions": {
                tlp["extension"]: {
                    "extension_type": "property-extension",
                    "tlp_2_0": marking["value"],
                }
            },
        }
        for code, marking in tlp["markings"].items()
    ]
    defined = spec["defined"]
    public = [tlp_ref(spec["tlp_of"]["definition"])]
    labels = {t.code: t.label("en") for t in vocabulary("handling_code")}
    for code in _statements():
        found.append(
            {
                "type": "marking-definition",
                "spec_version": SPEC_VERSION,
                "id": statement_refs()[code],
                "created": defined,
                "created_by_ref": system_id(),
                "name": f"Amanat handling code {code}",
                "definition_type": "statement",
                "definition": {"statement": f"Handling {code}: {labels[code]}."},
                "object_marking_refs": public,
            }
        )
    extension = spec["extension"]
    common = {"spec_version": SPEC_VERSION, "created": defined, "modified": defined}
    found.append(
        {
            "type": "identity",
            "id": system_id(),
            **common,
            "name": "Amanat",
            "identity_class": "system",
            "description": "The register that exported this bundle.",
            "object_marking_refs": public,
        }
    )
    found.append(
        {
            "type": "extension-definition",
            "id": extension_id(),
            **common,
            "created_by_ref": system_id(),
            "name": extension["name"],
            "description": extension["description"],
            "schema": json.dumps(extension_schema(), ensure_ascii=False, sort_keys=True),
            "version": extension["version"],
            "extension_types": ["property-extension"],
            "object_marking_refs": public,
        }
    )
    return found


def extension_schema() -> dict[str, Any]:
    """The extension's normative definition: a JSON Schema of the objects that carry
    it, as OASIS writes those of its own extensions (TLP 2.0's), so that a
    validator given it checks each object's extension properties."""
    properties = _with_vocabularies(terms()["extension"]["schema"])
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": properties["title"],
        "type": "object",
        "required": ["extensions"],
        "properties": {
            "extensions": {
                "type": "object",
                "required": [extension_id()],
                "properties": {extension_id(): properties},
            }
        },
    }


def _with_vocabularies(schema: Any) -> Any:
    """``schema`` with each ``vocabulary: NAME`` replaced by ``enum``: that vocabulary's
    codes, so the extension allows exactly the values the register does."""
    if isinstance(schema, list):
        return [_with_vocabularies(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    found = {key: _with_vocabularies(value) for key, value in schema.items()}
    name = found.get("vocabulary")
    if isinstance(name, str):  # not a property that happens to be called "vocabulary"
        del found["vocabulary"]
        found["enum"] = vocabulary(name).codes()
    return found
