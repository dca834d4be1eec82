"""One converter per column type: a value as any door gives it → what the column holds.

The column says everything: its type how the value is read (a date, a whole number, a
decimal, yes or no, a code of a vocabulary, text), its size what the value must fit (a
number's range and decimal places, a text's length), and its own check
(``info["check"]``: a date not in the future, a code of the vocabulary) the rest.  The
API's schemas, submissions, record updates, web forms and imports all read a column's
value with ``converter(column)``, so a value one door takes every door takes, and a
value one refuses every one refuses, for the same reason (an ``Unfit``).

A converter reads in two steps: ``read`` the value as written, then ``fit`` it to the
column.  An import reads a cell with its profile's own formats (its date formats, its
decimal mark) and fits the result with the same ``fit``.  A blank value says nothing
(None) in every door.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    SmallInteger,
    String,
)

from amanat.register.checks import between
from amanat.register.parsing import full_date, parse_number, parse_whole, parse_yes_no
from amanat.register.reasons import Unfit

Step = Callable[[Any], Any]
# A text column without a length of its own (notes, summaries) holds this much.
LONGEST_TEXT = 20_000
INTEGER_RANGES: tuple[tuple[type[Any], tuple[int, int]], ...] = (
    (SmallInteger, (-(2**15), 2**15 - 1)),
    (BigInteger, (-(2**63) + 1, 2**63 - 1)),
    (Integer, (-(2**31), 2**31 - 1)),
)
LARGEST_ID = 2**63 - 1


class ColumnType(StrEnum):
    DATE = "date"
    WHOLE = "whole number"
    DECIMAL = "decimal"
    YES_NO = "yes/no"
    CODE = "code"
    TEXT = "text"
    REFERENCE = "reference"  # the id of another record
    TIMESTAMP = "timestamp"  # the register's own times (a list filters on them)


@dataclass(frozen=True)
class Converter:
    type: ColumnType
    read: Step  # the value as written → a Python value
    fit: Step  # the Python value → what the column holds, or Unfit
    length: int | None = None  # of text
    low: int | Decimal | None = None  # of numbers
    high: int | Decimal | None = None
    places: int | None = None  # decimal places a decimal may have

    def __call__(self, value: object) -> Any:
        if value is None or (type(value) is str and not value.strip()):
            return None
        return self.fit(self.read(value))


def read_text(value: object) -> str:
    if type(value) is not str:
        raise Unfit("not_text")
    if "\x00" in value:  # a binary file read as text; PostgreSQL refuses it anyway
        raise Unfit("not_text")
    return value.strip()


def read_timestamp(value: object) -> dt.datetime:
    """A moment in ISO 8601; without a time zone it is UTC, as the register keeps time."""
    if isinstance(value, dt.datetime):
        when = value
    elif isinstance(value, str):
        try:
            when = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise Unfit("not_a_date", formats="ISO 8601") from None
    else:
        raise Unfit("not_a_date", formats="ISO 8601")
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _float(value: object) -> float:
    return float(parse_number(value))


def _nothing(value: Any) -> Any:
    return value


def _steps(*steps: Step | None) -> Step:
    given = [step for step in steps if step is not None]

    def run(value: Any) -> Any:
        for step in given:
            value = step(value)
        return value

    return run if len(given) > 1 else (given[0] if given else _nothing)


def _own_check(column: Column[Any]) -> Step | None:
    check: Step | None = column.info.get("check")
    if check is None:
        return None

    def run(value: Any) -> Any:
        try:
            return check(value)
        except Unfit:
            raise
        except (ValueError, TypeError) as exc:
            raise Unfit("check", text=str(exc)) from None

    return run


def _places(places: int) -> Step:
    def run(value: Decimal) -> Decimal:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            rounded = round(value, places)
            if rounded != value:  # trailing zeros ("12.500") lose nothing
                raise Unfit("too_precise", places=places)
            return rounded
        return value

    return run


def _longest(length: int) -> Step:
    def run(value: Any) -> Any:
        if isinstance(value, str) and len(value) > length:
            raise Unfit("too_long", length=length)
        return value

    return run


def _whole(column: Column[Any]) -> Converter:
    low, high = next(r for kind, r in INTEGER_RANGES if isinstance(column.type, kind))
    kind = ColumnType.WHOLE
    if column.foreign_keys or column.primary_key:
        low, high, kind = 1, LARGEST_ID, ColumnType.REFERENCE
    fit = _steps(between(low, high), _own_check(column))
    return Converter(kind, parse_whole, fit, low=low, high=high)


def _decimal(column: Column[Any]) -> Converter:
    kind = column.type
    if isinstance(kind, Float) or not isinstance(kind, Numeric) or kind.precision is None:
        return Converter(ColumnType.DECIMAL, _float, _steps(_own_check(column)))
    places = kind.scale or 0
    high = Decimal(10) ** (kind.precision - places) - Decimal(1).scaleb(-places)
    fit = _steps(_places(places), between(-high, high), _own_check(column))
    return Converter(ColumnType.DECIMAL, parse_number, fit, low=-high, high=high, places=places)


def _text(column: Column[Any]) -> Converter:
    kind = column.type
    length = kind.length if isinstance(kind, String) and kind.length else LONGEST_TEXT
    fit = _steps(_own_check(column), _longest(length))
    code = column.info.get("vocabulary") is not None
    return Converter(ColumnType.CODE if code else ColumnType.TEXT, read_text, fit, length=length)


def build(column: Column[Any]) -> Converter:
    """The converter of ``column`` (``converter`` keeps one per column)."""
    kind = column.type
    if isinstance(kind, Boolean):
        return Converter(ColumnType.YES_NO, parse_yes_no, _steps(_own_check(column)))
    if isinstance(kind, Integer):
        return _whole(column)
    if isinstance(kind, Numeric | Float):
        return _decimal(column)
    if isinstance(kind, DateTime):
        return Converter(ColumnType.TIMESTAMP, read_timestamp, _steps(_own_check(column)))
    if isinstance(kind, Date):
        return Converter(ColumnType.DATE, full_date, _steps(_own_check(column)))
    if isinstance(kind, String):
        return _text(column)
    raise TypeError(f"no converter for {column.table}.{column.key}: {kind!r}")


_MADE: dict[tuple[str, str], Converter] = {}


def converter(column: Column[Any] | Any) -> Converter:
    """The converter of a table column, or of a mapped attribute (``Case.opened_on``)."""
    if not isinstance(column, Column):
        column = column.property.columns[0]
    key = (str(column.table.name), str(column.key))
    found = _MADE.get(key)
    if found is None:
        found = _MADE[key] = build(column)
    return found
