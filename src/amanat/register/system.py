"""The register's own fields, declared once on the columns themselves.

A record's domain fields (a case's title, a seizure's date) are given by whoever
asserts the record, shown everywhere and mapped by imports.  Its system fields (id,
owner, timestamps, version, deletion, markings, protection) are not: each column
says, in ``Column.info``, who sets it and where it appears, and every list the doors
need (what a request may give, what an export shows, what a list filters on) is
derived here from the metadata, so that none of them can drift from another.

Who sets a system field:

- ``register``: the register itself (id, owner, timestamps, version, deletion) —
  never given by a request, a submission or an import;
- ``own action``: given when the record is created, then changed only through an
  action of its own (the distribution and sharing group through ``record.distribution``,
  protection through the vault);
- ``submitter``: given when the record is created and changed by its owner like any
  field (its source, grading, marking and the submitter's own id for it).

No system field is a fact on the record page (provenance has a section of its own) or
a field an import maps a column to (the import sets them itself: the owner, the
external id from the profile's id column, the markings from its marking section).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.orm import class_mapper

INFO_KEY = "system"


class SetBy(StrEnum):
    REGISTER = "register"
    OWN_ACTION = "own action"
    SUBMITTER = "submitter"


class Shown(StrEnum):
    """Where a system field appears (a domain field appears in all of them)."""

    ANSWER = "answer"  # the API's answers (``<Kind>Public``)
    EXPORT = "export"  # the JSON export, a machine's complete copy
    SPREADSHEET = "spreadsheet"  # the XLSX export, for officials to read
    FILTER = "filter"  # a filter of the API's lists


@dataclass(frozen=True)
class SystemField:
    set_by: SetBy
    shown: frozenset[Shown]


def system(set_by: SetBy, *shown: Shown) -> dict[str, Any]:
    """``Column.info`` declaring a system field (merge it with any other info)."""
    return {INFO_KEY: SystemField(set_by, frozenset(shown))}


def declaration(column: Column[Any]) -> SystemField | None:
    found = column.info.get(INFO_KEY)
    return found if isinstance(found, SystemField) else None


def _declared(model: type[Any]) -> Mapping[str, SystemField]:
    table = class_mapper(model).local_table
    assert isinstance(table, Table)
    return _declared_in(table)


@cache
def _declared_in(table: Table) -> Mapping[str, SystemField]:
    found: dict[str, SystemField] = {}
    for column in table.columns:
        field = declaration(column)
        if field is not None:
            found[column.key] = field
    return found


def system_fields(model: type[Any]) -> frozenset[str]:
    """Every system field of ``model``: no record page fact, no import mapping."""
    return frozenset(_declared(model))


def set_by_register(model: type[Any]) -> frozenset[str]:
    """Fields nobody gives: a request or submission naming one is refused."""
    return frozenset(k for k, f in _declared(model).items() if f.set_by is SetBy.REGISTER)


def not_changed_by_update(model: type[Any]) -> frozenset[str]:
    """Fields an update cannot change (the register's and those with an action of
    their own)."""
    return frozenset(k for k, f in _declared(model).items() if f.set_by is not SetBy.SUBMITTER)


def hidden_from(model: type[Any], where: Shown) -> frozenset[str]:
    """System fields that do not appear ``where``."""
    return frozenset(k for k, f in _declared(model).items() if where not in f.shown)


def parent_keys(model: type[Any]) -> frozenset[str]:
    """The columns that tie a part's row to its record: set by the register from the
    record the part belongs to, never given with the part (its cascading foreign key)."""
    table = class_mapper(model).local_table
    assert isinstance(table, Table)
    return _parent_keys_of(table)


@cache
def _parent_keys_of(table: Table) -> frozenset[str]:
    return frozenset(
        column.key
        for column in table.columns
        if any(fk.ondelete == "CASCADE" for fk in column.foreign_keys)
    )
