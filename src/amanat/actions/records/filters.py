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
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Integer,
    String,
)
from sqlalchemy.orm import class_mapper

from amanat.actions.errors import FieldProblem
from amanat.actions.records.kinds import per_model
from amanat.language.i18n import N_
from amanat.register.converters import converter, read_text, read_timestamp
from amanat.register.parsing import full_date, parse_whole, parse_yes_no
from amanat.register.reasons import Unfit
from amanat.register.system import Shown, hidden_from

LONGEST_FILTERED_TEXT = 200


@dataclass(frozen=True)
class Filter:
    name: str
    column: str
    python_type: type[Any]  # str, int, bool, dt.date or dt.datetime
    op: str  # "eq", "ge" or "le"
    max_length: int | None = None
    int_range: tuple[int, int] | None = None


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
            number = converter(attr.columns[0])
            int_range = (int(number.low or 0), int(number.high or 0))
            found[name] = Filter(name, name, int, "eq", int_range=int_range)
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


def read_filter(spec: Filter, value: object) -> object:
    """A query-string value read as the column's converter reads it (a filter's bound
    need not be a value the column could hold, so the column's own check is left out)."""
    if spec.python_type is bool:
        return parse_yes_no(value)
    if spec.python_type is int:
        number = parse_whole(value)
        low, high = spec.int_range or (-(2**63) + 1, 2**63 - 1)
        if not low <= number <= high:
            raise Unfit("out_of_range", low=low, high=high)
        return number
    if spec.python_type is dt.date:
        return full_date(value)
    if spec.python_type is dt.datetime:
        return read_timestamp(value)
    text = read_text(value)
    if spec.max_length is not None and len(text) > spec.max_length:
        raise Unfit("too_long", length=spec.max_length)
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
            raise FieldProblem(("query", name), N_("is not a filter of this list"), value)
        try:
            converted = read_filter(spec, value)
        except ValueError as exc:
            unfit = exc if isinstance(exc, Unfit) else None
            raise FieldProblem(("query", name), str(exc), value, unfit) from None
        column = getattr(model, spec.column)
        if spec.op == "eq":
            found.append(column == converted)
        elif spec.op == "ge":
            found.append(column >= converted)
        else:
            found.append(column <= converted)
    return found
