"""A record's fields as a bundle carries them, and back.

Ids are the register's own and mean nothing on another node, so a column pointing at
another record travels as that record's global identity (``{"global_id": ...}``) and
one pointing at an organisation as its code (``{"organisation": ...}``); other links
(the origin node, a sharing group, a user) do not travel as fields.  Dates are ISO
text and decimals their exact text, which RFC 8785 keeps as they are; empty values
are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Column, Date, DateTime, Numeric, Table

from amanat.federation.bundle import Refusal
from amanat.language.i18n import N_
from amanat.register import FEDERATED_KINDS

RECORD_TABLES = frozenset(str(m.__tablename__) for m in FEDERATED_KINDS.values())
# Provenance columns a bundle carries in its own words (the marking, the owner, the
# identity and version), or not at all (a deletion travels as a tombstone, later).
MARKING_COLUMNS = frozenset(
    {
        "id",
        "global_id",
        "origin_node_id",
        "org_id",
        "tlp",
        "handling",
        "distribution",
        "sharing_group_id",
        "version",
        "deleted_at",
        "deletion_reason",
    }
)
GLOBAL_ID, ORGANISATION = "global_id", "organisation"


def link_of(column: Column[Any]) -> str | None:
    """The table a column points at, if any."""
    for key in column.foreign_keys:
        return str(key.column.table.name)
    return None


def plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def encoded(
    table: Table,
    values: Mapping[str, Any],
    skip: frozenset[str],
    global_ids: Callable[[str, int], str | None],
    org_codes: Mapping[int, str],
) -> dict[str, Any]:
    """The fields of one row, without ``skip``, links put in words every node reads."""
    out: dict[str, Any] = {}
    for column in table.columns:
        name = column.name
        value = values.get(name)
        if name in skip or value is None:
            continue
        target = link_of(column)
        if target in RECORD_TABLES:
            found = global_ids(target, value)
            if found is not None:
                out[name] = {GLOBAL_ID: found}
        elif target == "organisation":
            out[name] = {ORGANISATION: org_codes[value]}
        elif target is None:
            out[name] = plain(value)
    return out


def decoded(
    table: Table,
    fields: Mapping[str, Any],
    where: str,
    local_id: Callable[[str, str], int | None],
    org_id: Callable[[str], int | None],
) -> dict[str, Any]:
    """Column values for a row of ``table`` from a bundle's fields; a link to a record
    or organisation not known here is left empty.  ``where`` names the place in the
    bundle for a refusal."""
    out: dict[str, Any] = {}
    columns = _fields_of(table)
    for name, value in fields.items():
        found = columns.get(name)
        if found is None:
            raise Refusal(
                f"{where}.{name}", value, N_("is not a field of %(table)s"), table=table.name
            )
        column, target = found
        if isinstance(value, dict):
            if target in RECORD_TABLES and isinstance(value.get(GLOBAL_ID), str):
                out[name] = local_id(str(target), value[GLOBAL_ID])
            elif target == "organisation" and isinstance(value.get(ORGANISATION), str):
                out[name] = org_id(value[ORGANISATION])
            else:
                raise Refusal(f"{where}.{name}", value, N_("is not a link this field can hold"))
            continue
        if target is not None:
            raise Refusal(f"{where}.{name}", value, N_("is a link given as a plain value"))
        out[name] = _typed(column, value, f"{where}.{name}")
    return out


_FIELDS: dict[str, dict[str, tuple[Column[Any], str | None]]] = {}


def _fields_of(table: Table) -> dict[str, tuple[Column[Any], str | None]]:
    """The columns a bundle's fields may name, with the table each points at: worked
    out once per table, not once per field of every record taken."""
    name = str(table.name)
    if name not in _FIELDS:
        _FIELDS[name] = {
            c.name: (c, link_of(c)) for c in table.columns if c.name not in MARKING_COLUMNS
        }
    return _FIELDS[name]


def _typed(column: Column[Any], value: Any, where: str) -> Any:
    try:
        if isinstance(column.type, DateTime) and isinstance(value, str):
            return dt.datetime.fromisoformat(value)
        if isinstance(column.type, Date) and isinstance(value, str):
            return dt.date.fromisoformat(value)
        if isinstance(column.type, Numeric) and column.type.asdecimal and isinstance(value, str):
            return Decimal(str(value))
    except (ValueError, InvalidOperation):
        raise Refusal(where, value, N_("is not a %(type)s"), type=column.type) from None
    return value
