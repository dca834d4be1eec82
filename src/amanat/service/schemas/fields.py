"""A table column as a pydantic field type.

Types and sizes come from the column, so a request the database could not store (a
text longer than the column, a number past its range, a NUL character) is refused
with 422 before it reaches the database; codes come from the column's vocabulary,
so the API docs list them.  The register's own checks (dates not in the future,
fields that go together) still run when the record is written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

from pydantic import AfterValidator, Field
from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    SmallInteger,
    String,
)
from sqlalchemy.orm import ColumnProperty

from amanat.vocab import vocabulary

LONGEST_TEXT = 20_000


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
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


def _int_bounds(column_type: Any) -> tuple[int, int]:
    if isinstance(column_type, SmallInteger):
        return -(2**15), 2**15 - 1
    if isinstance(column_type, BigInteger):
        return -(2**63) + 1, 2**63 - 1
    return -(2**31), 2**31 - 1


def input_type(attr: ColumnProperty[Any]) -> Any:
    """What a request may give for the column (without None)."""
    column = attr.columns[0]
    column_type = column.type
    name = column.info.get("vocabulary")
    if name is not None:
        return vocabulary_enum(name)
    if isinstance(column_type, Boolean):
        return bool
    if isinstance(column_type, Integer):
        low, high = _int_bounds(column_type)
        if column.foreign_keys or attr.key.endswith("_id"):
            low = 1
        return Annotated[int, Field(ge=low, le=high)]
    if isinstance(column_type, Numeric) and not isinstance(column_type, Float):
        return Annotated[
            Decimal,
            Field(max_digits=column_type.precision, decimal_places=column_type.scale),
        ]
    if isinstance(column_type, Float):
        return Annotated[float, Field(allow_inf_nan=False)]
    if isinstance(column_type, Date):
        return dt.date
    if isinstance(column_type, String):
        return text_type(column_type.length or LONGEST_TEXT)
    raise TypeError(f"no input type for {attr.key}: {column_type!r}")


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
