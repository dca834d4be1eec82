"""``kind`` columns through ``write_records``.

A record's ``"kind"`` names its kind of record, so the submission layer takes the
record's own ``kind`` column from ``"<record kind>_kind"`` (``group_kind``,
``place_kind``, ``relationship_kind``) and children's from ``"kind"``; this module
keeps the helpers the API's schemas use to name that field.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session, class_mapper

from amanat.actions.records.kinds import children, per_model

COLUMN = "kind"


@per_model
def has_kind(model: type[Any]) -> bool:
    return COLUMN in class_mapper(model).column_attrs


def own_kind_key(kind: str) -> str:
    """Where a record gives its own ``kind`` column in the API: "group_kind"."""
    return f"{kind}_kind"


def _needs(model: type[Any]) -> bool:
    return has_kind(model) or any(has_kind(child) for child in children(model).values())


def _assign(obj: Any, data: Mapping[str, Any], own: Any) -> None:
    if own is not None:
        obj.kind = own
    for key, child_model in children(type(obj)).items():
        items = data.get(key)
        if not has_kind(child_model) or not isinstance(items, list):
            continue
        for child, item in zip(getattr(obj, key), items, strict=False):
            if isinstance(item, Mapping) and item.get(COLUMN) is not None:
                child.kind = item[COLUMN]


@contextmanager
def kind_columns(session: Session, records: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The submission layer now reads a record's own ``kind`` column from
    ``"<record kind>_kind"`` and children's from ``"kind"`` (see
    ``amanat.intake.submission``); nothing is left to do here but keep the API's
    callers unchanged."""
    yield records
