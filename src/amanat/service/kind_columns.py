"""Stop-gap: give ``kind`` columns their values through ``write_records``.

The submission format uses ``"kind"`` for the kind of record, and ``write_records``
drops that key at every level — so the ``kind`` column of groups, places,
relationships, person names and addresses, and assistance entries could not be set
(a group or an assistance entry was refused, a nickname became a primary name).
Until the format names one of the two differently, the API takes a record's own
``kind`` column as ``"<record kind>_kind"`` (``group_kind``, ``place_kind``,
``relationship_kind``), child rows keep ``"kind"``, and the values are set here
just before each record is flushed — through the same column checks as any value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, class_mapper

from amanat.register import RECORD_KINDS
from amanat.service.kinds import children, per_model

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
    """Yield ``records`` without their own-kind keys; set the columns at flush."""
    waiting: list[tuple[type[Any], dict[str, Any], Any]] = []
    cleaned: list[dict[str, Any]] = []
    for record in records:
        model = RECORD_KINDS[record["kind"]]
        record = dict(record)
        own = record.pop(own_kind_key(record["kind"]), None) if has_kind(model) else None
        if _needs(model):
            waiting.append((model, record, own))
        cleaned.append(record)
    done: set[int] = set()

    def before_flush(flushing: Session, context: Any, instances: Any) -> None:
        # Records are flushed one by one, in order: the first new object of the
        # next waiting record's model is that record.
        for obj in list(flushing.new):
            if waiting and type(obj) is waiting[0][0] and id(obj) not in done:
                _, data, own = waiting.pop(0)
                done.add(id(obj))
                _assign(obj, data, own)

    event.listen(session, "before_flush", before_flush)
    try:
        yield cleaned
    finally:
        event.remove(session, "before_flush", before_flush)
