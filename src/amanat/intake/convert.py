"""One converter per mapped column: cell → the value its register column holds.

The converter applies the profile's value table, reads the cell with the profile's
formats (its date formats, its decimal mark), and fits the value to the column with
the register's own converter (``amanat.register.converters``: range, decimal places,
the column's check, length), so a value the API or a web form refuses is refused
here for the same reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from amanat.intake.fields import Target
from amanat.intake.lookups import Lookup
from amanat.intake.problems import Invalid
from amanat.intake.values import lookup_key
from amanat.register.converters import ColumnType, read_text
from amanat.register.converters import Converter as ColumnConverter
from amanat.register.converters import converter as column_converter
from amanat.register.parsing import NumberFormat, full_date, parse_date, parse_number, parse_whole
from amanat.register.reasons import Unfit

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


def _fitted(read: Converter, fit: Converter) -> Converter:
    """A cell read with the profile's formats, then fitted to the column by the
    register's own converter; a refusal said in the import's words (its catalogue)."""

    def run(value: object) -> object:
        try:
            found = read(value)
            return None if found is None else fit(found)  # None: the profile's "says nothing"
        except Unfit as exc:
            raise Invalid(exc.code, **exc.params) from None

    return run


def _said(convert: Converter) -> Converter:
    def run(value: object) -> object:
        try:
            return convert(value)
        except Unfit as exc:
            raise Invalid(exc.code, **exc.params) from None

    return run


def _text(value: object) -> str:
    return read_text(value if type(value) is str else as_text(value))


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


def _read(column: ColumnConverter, dates: tuple[str, ...], numbers: NumberFormat) -> Converter:
    """How a cell of the column is read: the profile's formats where it has its own."""
    kind = column.type
    if kind is ColumnType.DATE:
        return lambda value: full_date(value, dates)
    if kind in (ColumnType.WHOLE, ColumnType.REFERENCE):
        return lambda value: parse_whole(value, numbers)
    if kind is ColumnType.DECIMAL and column.places is None:  # a float column
        return lambda value: float(parse_number(value, numbers))
    if kind is ColumnType.DECIMAL:
        return lambda value: parse_number(value, numbers)
    if kind in (ColumnType.TEXT, ColumnType.CODE):
        return _text
    return column.read


def converter(
    target: Target,
    values: Mapping[str, str | None],
    dates: tuple[str, ...],
    numbers: NumberFormat,
) -> Converter:
    """The converter for a column mapped to ``target``."""
    if target.column is None:  # birth_date: partial dates are the point
        birth = _memoised(_said(lambda value: parse_date(value, dates)))
        return _translated(values, birth) if values else birth
    column = target.column
    if target.ref is not None:
        kind = target.ref
        convert: Converter = lambda value: Ref(kind, as_text(value))  # noqa: E731
        return _translated(values, convert) if values else convert
    vocabulary = column.info.get("vocabulary")
    if vocabulary is not None:
        return Lookup(str(vocabulary), values)
    fitted = column_converter(column)
    read = _read(fitted, dates, numbers)
    if values:
        read = _translated(values, read)
    convert = _fitted(read, fitted.fit)
    # Dates repeat (dates of birth, seizure days): each distinct cell is read once.
    return _memoised(convert) if fitted.type is ColumnType.DATE else convert
