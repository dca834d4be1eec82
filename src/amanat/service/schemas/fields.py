"""A table column as a pydantic field type.

A request's value is read by the column's own converter (``amanat.register.converters``),
the one imports and web forms use, so a request the database could not store (a text
longer than the column, a number past its range, a NUL character, a date in the
future) is refused with 422, for the same reason, before it reaches the database.
The types (sizes, codes of the column's vocabulary) are what the API docs show.
Checks across fields still run when the record is written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Numeric
from sqlalchemy.orm import ColumnProperty

from amanat.language.i18n import N_
from amanat.language.refusal import Invalid
from amanat.register.converters import ColumnType, converter
from amanat.register.reasons import Unfit
from amanat.vocab import vocabulary


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise Invalid(N_("must not contain NUL characters"))
    return text


def text_type(max_length: int, min_length: int = 0) -> Any:
    return Annotated[
        str, Field(min_length=min_length, max_length=max_length), AfterValidator(_no_nul)
    ]


@cache
def vocabulary_enum(name: str) -> type[StrEnum]:
    """The codes of a vocabulary as one named schema (``$ref``) in the API docs."""
    title = "".join(part.title() for part in name.split("_"))
    return StrEnum(title, {code: code for code in vocabulary(name).codes()})  # type: ignore[return-value]


def input_type(attr: ColumnProperty[Any]) -> Any:
    """What a request may give for the column (without None), as the API docs show it;
    ``reading`` reads the value."""
    column = attr.columns[0]
    convert = converter(column)
    name = column.info.get("vocabulary")
    if name is not None:
        return vocabulary_enum(name)
    kind = convert.type
    if kind is ColumnType.YES_NO:
        return bool
    if kind in (ColumnType.WHOLE, ColumnType.REFERENCE):
        return Annotated[int, Field(ge=convert.low, le=convert.high)]
    if kind is ColumnType.DECIMAL and convert.places is not None:
        digits = getattr(column.type, "precision", None)
        return Annotated[Decimal, Field(max_digits=digits, decimal_places=convert.places)]
    if kind is ColumnType.DECIMAL:
        return Annotated[float, Field(allow_inf_nan=False)]
    if kind is ColumnType.DATE:
        return dt.date
    if kind is ColumnType.TEXT:
        return Annotated[str, Field(max_length=convert.length)]
    raise TypeError(f"no input type for {attr.key}: {column.type!r}")


UNFIT = "unfit"


def unfit_error(exc: Unfit) -> PydanticCustomError:
    """The register's reason as pydantic's error: English in ``msg``, and the reason
    itself in ``ctx`` so that the API says it in the client's language
    (``service.errors``), which drops it from the answer."""
    return PydanticCustomError(UNFIT, "{reason}", {"reason": str(exc), UNFIT: exc})


def reading(attr: ColumnProperty[Any], required: bool) -> BeforeValidator:
    """The column's own converter, run before pydantic's validation: a request's value
    is read as an import's cell and a web form's field are ("2,5", "1 000", a date
    not in the future), and refused for the same reason."""
    convert = converter(attr.columns[0])

    def read(value: object) -> object:
        try:
            found = convert(value)
        except Unfit as exc:
            raise unfit_error(exc) from None
        if found is None and required:
            raise PydanticCustomError("missing_value", "must have a value")
        return found

    return BeforeValidator(read)


def output_type(attr: ColumnProperty[Any]) -> Any:
    """What a response holds for the column (without None)."""
    column_type = attr.columns[0].type
    if isinstance(column_type, Boolean):
        return bool
    if isinstance(column_type, Integer):
        return int
    if isinstance(column_type, Numeric | Float):
        return float
    if isinstance(column_type, DateTime):
        return dt.datetime
    if isinstance(column_type, Date):
        return dt.date
    return str


def describe(attr: ColumnProperty[Any]) -> str | None:
    name = attr.columns[0].info.get("vocabulary")
    return f"A code of the vocabulary `{name}`." if name else None


NUL_FREE = AfterValidator(_no_nul)
Code = Annotated[str, Field(min_length=1, max_length=40), NUL_FREE]
Name = Annotated[str, Field(min_length=1, max_length=200), NUL_FREE]
ShortText = Annotated[str, Field(max_length=200), NUL_FREE]
Reason = Annotated[str, Field(min_length=1, max_length=2000), NUL_FREE]
Purpose = Annotated[str, Field(min_length=1, max_length=500), NUL_FREE]
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Version = Annotated[int, Field(ge=1, le=2**31 - 1)]

# Vocabularies used by the hand-written bodies; to the type checker they are text.
if TYPE_CHECKING:
    Tlp: TypeAlias = str
    HandlingCode: TypeAlias = str
    Reliability: TypeAlias = str
    Credibility: TypeAlias = str
    SourceKind: TypeAlias = str
    Distribution: TypeAlias = str
    OrganisationKind: TypeAlias = str
    Country: TypeAlias = str
else:
    Tlp = vocabulary_enum("tlp")
    HandlingCode = vocabulary_enum("handling_code")
    Reliability = vocabulary_enum("reliability")
    Credibility = vocabulary_enum("credibility")
    SourceKind = vocabulary_enum("source_kind")
    Distribution = vocabulary_enum("distribution")
    OrganisationKind = vocabulary_enum("organisation_kind")
    Country = vocabulary_enum("country")
