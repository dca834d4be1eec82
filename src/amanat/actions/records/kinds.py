"""The kinds of record the API serves: URL path, model, and the child lists that are
part of a record (a case's charges, a person's names) rather than records of their own.

Records of their own (a case role, a weapon) are never nested in another record:
each is filtered by its own marking, so nesting would leak what the marking hides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from sqlalchemy.orm import class_mapper, joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from amanat.access.sharing import NotFound
from amanat.language.i18n import N_
from amanat.register import RECORD_KINDS, Organisation


@dataclass(frozen=True)
class Kind:
    name: str  # as in RECORD_KINDS and the audit trail: "pipeline_event"
    path: str  # in URLs: "pipeline-events"
    title: str  # in the API docs: "Pipeline event"

    @property
    def model(self) -> type[Any]:
        return RECORD_KINDS[self.name]


# In the order data flows into a case (the order of the API docs).
RECORD_API_KINDS: tuple[Kind, ...] = (
    Kind("source", "sources", "Source"),
    Kind("place", "places", "Place"),
    Kind("person", "people", "Person"),
    Kind("group", "groups", "Criminal group"),
    Kind("vehicle", "vehicles", "Vehicle"),
    Kind("phone", "phones", "Phone"),
    Kind("case", "cases", "Case"),
    Kind("case_role", "case-roles", "Case role"),
    Kind("pipeline_event", "pipeline-events", "Pipeline event"),
    Kind("victim", "victims", "Victim"),
    Kind("seizure", "seizures", "Seizure"),
    Kind("weapon", "weapons", "Weapon"),
    Kind("storage_loss", "storage-losses", "Storage loss"),
    Kind("relationship", "relationships", "Relationship"),
)
KIND_BY_NAME = {kind.name: kind for kind in RECORD_API_KINDS}
KIND_BY_PATH = {kind.path: kind for kind in RECORD_API_KINDS}


def is_record(model: type[Any]) -> bool:
    return hasattr(model, "distribution")


def record_model(kind: str) -> type[Any]:
    """The model of a kind of record the API serves; an unknown kind is not found."""
    if kind not in KIND_BY_NAME:
        raise NotFound(N_("%(kind)s not found"), kind=kind)
    return RECORD_KINDS[kind]


def model_of(kind: str) -> type[Any]:
    """Like ``record_model``, with organisations (readable by every user)."""
    return Organisation if kind == "organisation" else record_model(kind)


T = TypeVar("T")


def per_model(build: Callable[[type[Any]], T]) -> Callable[[type[Any]], T]:
    """Build once per model (what functools.cache does, typed for model classes)."""
    made: dict[type[Any], T] = {}

    @wraps(build)
    def get(model: type[Any]) -> T:
        if model not in made:
            made[model] = build(model)
        return made[model]

    return get


@per_model
def children(model: type[Any]) -> dict[str, type[Any]]:
    """Child lists that belong to the record, by attribute name."""
    return {
        rel.key: rel.mapper.class_
        for rel in class_mapper(model).relationships
        if rel.uselist and not is_record(rel.mapper.class_)
    }


def child_loads(model: type[Any], *, one: bool = False) -> list[LoaderOption]:
    """Load options for the child lists: for a page, one query per list; for ``one``
    record, joined into its own query (child lists are short, and every round trip
    to the database counts when the machine is busy)."""
    load = joinedload if one else selectinload
    return [load(getattr(model, key)) for key in children(model)]
