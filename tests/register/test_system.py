"""The register's system fields are declared on their columns, and every door's list
of them is derived from the declarations."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Column, DateTime
from sqlalchemy.orm import class_mapper
from sqlalchemy.sql.functions import FunctionElement

from amanat.register import RECORD_KINDS, Base, Provenance
from amanat.register.system import (
    SetBy,
    Shown,
    declaration,
    hidden_from,
    not_changed_by_update,
    set_by_register,
    system_fields,
)


def _record_tables() -> list[type[Any]]:
    """Every kind of record, and every part a record holds (names, charges ...)."""
    found: list[type[Any]] = []
    for model in RECORD_KINDS.values():
        for part in [model, *(r.mapper.class_ for r in class_mapper(model).relationships)]:
            if part not in found and issubclass(part, Base):
                found.append(part)
    return found


MIXIN_COLUMNS = frozenset(
    key for key, value in vars(Provenance).items() if hasattr(value, "column")
)


def _computed(server_default: Any) -> bool:
    # A constant server default (``true()``) only fills the rows a migration finds; a
    # function (``now()``) is the database writing the value itself.
    return isinstance(getattr(server_default, "arg", None), FunctionElement)


def _looks_like_system(model: type[Any], column: Column[Any]) -> str | None:
    """Why a column is the register's own rather than something a submitter says."""
    mapper = class_mapper(model)
    if column.primary_key:
        return "primary key"
    if mapper.version_id_col is column:
        return "version counter"
    if column.onupdate is not None or _computed(column.server_default):
        return "set by the database or on update"
    if column.default is not None and callable(getattr(column.default, "arg", None)):
        return "default computed by the register"
    if isinstance(column.type, DateTime):
        return "a timestamp (events are dates)"
    if column.key in MIXIN_COLUMNS:
        return "provenance every record carries"
    return None


@pytest.mark.parametrize("model", _record_tables(), ids=lambda m: m.__name__)
def test_every_system_looking_column_declares_itself(model: type[Any]) -> None:
    # A system column added without a declaration would be given by requests, shown on
    # record pages and offered to import profiles: it must say what it is.
    undeclared = {
        column.key: why
        for column in class_mapper(model).local_table.columns
        if declaration(column) is None and (why := _looks_like_system(model, column))
    }
    assert not undeclared, undeclared


def test_the_provenance_mixin_is_all_system_fields() -> None:
    case = RECORD_KINDS["case"]
    assert len(MIXIN_COLUMNS) == 17
    assert system_fields(case) == MIXIN_COLUMNS | {"id"}
    assert system_fields(RECORD_KINDS["person"]) == MIXIN_COLUMNS | {"id", "is_protected"}


def test_a_part_has_only_its_id() -> None:
    name = class_mapper(RECORD_KINDS["person"]).relationships["names"].mapper.class_
    assert system_fields(name) == {"id"} == set_by_register(name)


def test_who_sets_what() -> None:
    case = RECORD_KINDS["case"]
    register = {"id", "global_id", "origin_node_id", "org_id", "submitted_at", "updated_at"}
    register |= {"version"}
    assert set_by_register(case) == register | {"deleted_at", "deletion_reason"}
    assert not_changed_by_update(case) == set_by_register(case) | {
        "distribution",
        "sharing_group_id",
    }
    assert "is_protected" in not_changed_by_update(RECORD_KINDS["person"])
    assert "is_protected" not in set_by_register(RECORD_KINDS["person"])


def test_a_deleted_records_fields_appear_nowhere() -> None:
    for where in Shown:
        assert {"deleted_at", "deletion_reason"} <= hidden_from(RECORD_KINDS["case"], where)


def test_every_declaration_is_well_formed() -> None:
    for model in _record_tables():
        for column in class_mapper(model).local_table.columns:
            field = declaration(column)
            if field is not None:
                assert isinstance(field.set_by, SetBy)
                assert field.shown <= set(Shown)
                # The register's own deletion fields only: everything else is read.
                assert field.shown or column.key in ("deleted_at", "deletion_reason")
