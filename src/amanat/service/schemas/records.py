"""Create / Update / Public / Filters / Page bodies for every kind of record,
generated from its table so that the API and the register cannot drift apart.

- ``<Model>Create``: the fields a submitter sets (the register keeps id, owner,
  timestamps and version), with the child lists that are part of the record;
- ``<Model>Update``: the fields the owner may change, all optional, plus the
  ``version`` the change is made against;
- ``<Model>Public``: what a reader sees, with ``version`` for the next update;
- ``<Model>Filters``: the query parameters of the list;
- ``<Model>Page``: one page of the list and the cursor of the next.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from sqlalchemy.orm import ColumnProperty, class_mapper

from amanat.actions.records.filters import Filter, filters_of, read_filter
from amanat.actions.records.kinds import children, per_model
from amanat.register import Person
from amanat.register.reasons import Unfit
from amanat.register.system import (
    Shown,
    hidden_from,
    not_changed_by_update,
    parent_keys,
    set_by_register,
)
from amanat.service.schemas.fields import (
    describe,
    input_type,
    output_type,
    reading,
    text_type,
    unfit_error,
)

MAX_CHILDREN = 200


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _columns(model: type[Any]) -> list[ColumnProperty[Any]]:
    return list(class_mapper(model).column_attrs)


def _required(attr: ColumnProperty[Any]) -> bool:
    column = attr.columns[0]
    return not column.nullable and column.default is None


def _input_field(attr: ColumnProperty[Any], optional: bool) -> tuple[Any, Any]:
    kind = input_type(attr)
    text = describe(attr)
    column = attr.columns[0]
    read = reading(attr, required=not column.nullable)
    if not optional and _required(attr):
        return Annotated[kind, read], Field(description=text)
    if not optional and not column.nullable:  # has a default: may be left out, never null
        default = column.default.arg if column.default is not None else None
        if callable(default):
            return Annotated[kind | None, read], Field(default=None, description=text)
        return Annotated[kind, read], Field(default=default, description=text)
    return Annotated[kind | None, read], Field(default=None, description=text)


@per_model
def create_schema(model: type[Any]) -> type[BaseModel]:
    not_given = set_by_register(model)
    skip = not_given | parent_keys(model) if not hasattr(model, "org_id") else not_given
    fields: dict[str, Any] = {
        attr.key: _input_field(attr, optional=False)
        for attr in _columns(model)
        if attr.key not in skip
    }
    for key, child in children(model).items():
        fields[key] = (list[create_schema(child)], Field(default=[], max_length=MAX_CHILDREN))  # type: ignore[misc]
    if model is Person:
        fields["protected_as"] = (
            Literal["victim", "witness"] | None,
            Field(
                default=None,
                description="With is_protected: the identity is sealed in the vault and "
                "the person is shown by a pseudonym of this kind.",
            ),
        )
    return create_model(f"{model.__name__}Create", __base__=Strict, **fields)


@per_model
def update_schema(model: type[Any]) -> type[BaseModel]:
    fields: dict[str, Any] = {
        attr.key: _input_field(attr, optional=True)
        for attr in _columns(model)
        if attr.key not in not_changed_by_update(model)
    }
    for key, child in children(model).items():
        fields[key] = (
            list[create_schema(child)] | None,  # type: ignore[misc]
            Field(default=None, max_length=MAX_CHILDREN, description="Replaces the whole list."),
        )
    fields["version"] = (
        int,
        Field(ge=1, le=2**31 - 1, description="The version the change is made against."),
    )
    return create_model(f"{model.__name__}Update", __base__=Strict, **fields)


@per_model
def public_schema(model: type[Any]) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    hidden = hidden_from(model, Shown.ANSWER)
    for attr in _columns(model):
        if attr.key in hidden:
            continue
        kind = output_type(attr)
        nullable = attr.columns[0].nullable and not attr.columns[0].primary_key
        fields[attr.key] = (kind | None, None) if nullable else (kind, ...)
    for key, child in children(model).items():
        fields[key] = (list[public_schema(child)], [])  # type: ignore[misc]
    if model is Person:
        fields["pseudonym"] = (
            str | None,
            Field(default=None, description="A protected person's pseudonym."),
        )
        fields["display_name"] = (str, Field(description="Primary name, or the pseudonym."))
    return create_model(f"{model.__name__}Public", **fields)


def _filter_reading(spec: Filter) -> BeforeValidator:
    """A filter's value read as the actions read it (``read_filter``)."""

    def read(value: object) -> object:
        if value is None:
            return None
        try:
            return read_filter(spec, value)
        except Unfit as exc:
            raise unfit_error(exc) from None

    return BeforeValidator(read)


@per_model
def filters_schema(model: type[Any]) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for name, spec in filters_of(model).items():
        kind: Any = spec.python_type
        if spec.python_type is str:
            kind = text_type(spec.max_length or 200)
        elif spec.int_range is not None:
            kind = Annotated[int, Field(ge=spec.int_range[0], le=spec.int_range[1])]
        fields[name] = (Annotated[kind | None, _filter_reading(spec)], None)
    fields["cursor"] = (text_type(200) | None, Field(default=None, description="From next_cursor."))
    fields["limit"] = (int, Field(default=50, ge=1, le=200))
    fields["purpose"] = (
        text_type(500) | None,
        Field(default=None, description="Why you read: kept in the audit trail."),
    )
    return create_model(f"{model.__name__}Filters", __base__=Strict, **fields)


@per_model
def page_schema(model: type[Any]) -> type[BaseModel]:
    return create_model(
        f"{model.__name__}Page",
        items=(list[public_schema(model)], ...),  # type: ignore[misc,arg-type]
        next_cursor=(str | None, None),
    )
