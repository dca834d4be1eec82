"""Which fields filter a list of records, and how a query-string value becomes a
condition.

Filters are derived from the table, the same way for every kind: equality on short
text, codes, numbers, references and flags; ``<date>_from`` / ``<date>_to`` on event
dates; ``updated_since`` on every record, for clients that keep a copy in sync.
Free text is not a filter (people are found by name through the search).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Integer,
    SmallInteger,
    String,
)
from sqlalchemy.orm import class_mapper

from amanat.actions.errors import FieldProblem
from amanat.actions.records.kinds import per_model
from amanat.register.system import Shown, hidden_from

LONGEST_FILTERED_TEXT = 200
INT_RANGES: dict[type[Any], tuple[int, int]] = {
    SmallInteger: (-(2**15), 2**15 - 1),
    Integer: (-(2**31), 2**31 - 1),
    BigInteger: (-(2**63), 2**63 - 1),
}


@dataclass(frozen=True)
class Filter:
    name: str
    column: str
    python_type: type[Any]  # str, int, bool, dt.date or dt.datetime
    op: str  # "eq", "ge" or "le"
    max_length: int | None = None
    int_range: tuple[int, int] | None = None


def _int_range(column_type: Any) -> tuple[int, int]:
    for kind in (SmallInteger, BigInteger, Integer):
        if isinstance(column_type, kind):
            return INT_RANGES[kind]
    return INT_RANGES[BigInteger]


@per_model
def filters_of(model: type[Any]) -> dict[str, Filter]:
    """The filters of a kind's list, by query parameter name."""
    found: dict[str, Filter] = {}
    not_filters = hidden_from(model, Shown.FILTER)  # bookkeeping of the register
    for attr in class_mapper(model).column_attrs:
        name, column_type = attr.key, attr.columns[0].type
        if name in not_filters:
            continue
        if isinstance(column_type, Boolean):
            found[name] = Filter(name, name, bool, "eq")
        elif isinstance(column_type, Integer):  # SmallInteger and BigInteger too
            found[name] = Filter(name, name, int, "eq", int_range=_int_range(column_type))
        elif isinstance(column_type, Date):
            found[f"{name}_from"] = Filter(f"{name}_from", name, dt.date, "ge")
            found[f"{name}_to"] = Filter(f"{name}_to", name, dt.date, "le")
        elif isinstance(column_type, DateTime) and name == "updated_at":
            found["updated_since"] = Filter("updated_since", name, dt.datetime, "ge")
        elif isinstance(column_type, String) and (column_type.length or 10**6) <= (
            LONGEST_FILTERED_TEXT
        ):
            found[name] = Filter(name, name, str, "eq", max_length=column_type.length)
    return found


def _convert(spec: Filter, value: object) -> object:
    if spec.python_type is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
        raise ValueError("is not true or false")
    if spec.python_type is int:
        number = value if isinstance(value, int) else int(str(value).strip())
        low, high = spec.int_range or INT_RANGES[BigInteger]
        if not low <= number <= high:
            raise ValueError("is out of range")
        return number
    if spec.python_type is dt.date:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    if spec.python_type is dt.datetime:
        when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
        return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    text = str(value)
    if "\x00" in text or (spec.max_length is not None and len(text) > spec.max_length):
        raise ValueError("is not a value this field can hold")
    return text


def conditions(model: type[Any], given: Mapping[str, object]) -> list[ColumnElement[bool]]:
    """SQL conditions for the filters given; unknown names and bad values are 422."""
    specs = filters_of(model)
    found: list[ColumnElement[bool]] = []
    for name, value in given.items():
        if value is None:
            continue
        spec = specs.get(name)
        if spec is None:
            raise FieldProblem(("query", name), "is not a filter of this list", value)
        try:
            converted = _convert(spec, value)
        except ValueError as exc:
            raise FieldProblem(("query", name), str(exc), value) from None
        column = getattr(model, spec.column)
        if spec.op == "eq":
            found.append(column == converted)
        elif spec.op == "ge":
            found.append(column >= converted)
        else:
            found.append(column <= converted)
    return found
