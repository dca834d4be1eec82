"""One converter per mapped column: cell → the value its register column holds.

The converter applies the profile's value table, parses the type, and runs the same
check the register column runs on every ORM write (``info["check"]``), so a value
refused by ``amanat submit`` is refused here with the same reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from amanat.intake.fields import Target
from amanat.intake.lookups import Lookup
from amanat.intake.problems import Invalid
from amanat.intake.values import (
    NumberFormat,
    full_date,
    lookup_key,
    parse_date,
    parse_number,
    parse_whole,
    parse_yes_no,
)
from amanat.register import InvalidValue

Converter = Callable[[object], object]


@dataclass(frozen=True)
class Ref:
    """A reference to another record by the submitter's own id (or an organisation by
    its code), resolved when the row is written."""

    kind: str
    key: str


def as_text(value: object) -> str:
    """A cell as text: Excel numbers without a spurious ".0", dates as ISO 8601."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        raise Invalid("not_text")
    return str(value)


# Dates repeat a great deal (dates of birth, seizure days): parsing each distinct text
# once makes the date columns of a large file cheap.  The memo is bounded.
_MEMO_LIMIT = 100_000


def _memoised(convert: Converter) -> Converter:
    memo: dict[object, object] = {}

    def run(value: object) -> object:
        try:
            return memo[value]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell (a list): no memo
            return convert(value)
        result = convert(value)
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[value] = result
        return result

    return run


def _text(length: int | None) -> Converter:
    def run(value: object) -> object:
        text = value.strip() if type(value) is str else as_text(value)
        if "\x00" in text:  # a binary file read as text; PostgreSQL refuses it anyway
            raise Invalid("not_text")
        if length is not None and len(text) > length:
            raise Invalid("too_long", length=length)
        return text

    return run


def _checked(check: Callable[[Any], Any], convert: Converter) -> Converter:
    def run(value: object) -> object:
        converted = convert(value)
        try:
            return check(converted)
        except InvalidValue as exc:
            raise Invalid("check", text=exc.reason) from None
        except (ValueError, TypeError) as exc:
            raise Invalid("check", text=str(exc)) from None

    return run


def _limited(length: int, convert: Converter) -> Converter:
    def run(value: object) -> object:
        text = convert(value)
        if isinstance(text, str) and len(text) > length:
            raise Invalid("too_long", length=length)
        return text

    return run


def _translated(values: Mapping[str, str | None], convert: Converter) -> Converter:
    table = {lookup_key(k): v for k, v in values.items()}
    exact = {k: v for k, v in values.items()}

    def run(value: object) -> object:
        if type(value) is str and value in exact:  # as the profile wrote it: no work
            found = exact[value]
            return None if found is None else convert(found)
        key = lookup_key(value)
        if key in table:
            found = table[key]
            return None if found is None else convert(found)
        return convert(value)

    return run


def _typed(python_type: type, dates: tuple[str, ...], numbers: NumberFormat) -> Converter:
    if python_type is dt.date:
        return _memoised(lambda value: full_date(value, dates))
    if python_type is int:
        return lambda value: parse_whole(value, numbers)
    if python_type is float:
        return lambda value: float(parse_number(value, numbers))
    if python_type is Decimal:
        return lambda value: parse_number(value, numbers)
    if python_type is bool:
        return parse_yes_no
    return as_text


def converter(
    target: Target,
    values: Mapping[str, str | None],
    dates: tuple[str, ...],
    numbers: NumberFormat,
) -> Converter:
    """The converter for a column mapped to ``target``."""
    if target.column is None:  # birth_date: partial dates are the point
        birth = _memoised(lambda value: parse_date(value, dates))
        return _translated(values, birth) if values else birth
    column = target.column
    if target.ref is not None:
        kind = target.ref
        convert: Converter = lambda value: Ref(kind, as_text(value))  # noqa: E731
        return _translated(values, convert) if values else convert
    vocabulary = column.info.get("vocabulary")
    if vocabulary is not None:
        return Lookup(str(vocabulary), values)
    length = getattr(column.type, "length", None)
    check = column.info.get("check")
    if column.type.python_type is str and check is None:
        text = _text(int(length) if length else None)
        return _translated(values, text) if values else text
    convert = _typed(column.type.python_type, dates, numbers)
    if values:
        convert = _translated(values, convert)
    if check is not None:
        convert = _checked(check, convert)
    if length:
        convert = _limited(int(length), convert)
    return convert
