"""References a writer gives (``case_id: 17``) must point at records the writer can
see.

Otherwise a write would attach data to a record the writer has no business with,
and the database's answer (accepted, or a foreign-key error) would tell whether a
hidden record exists.  An invisible record and a missing one get the same 422.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, select
from sqlalchemy.orm import Mapper, Session, class_mapper

from amanat.access.visibility import Viewer, viewer_params, visible_template
from amanat.actions.errors import FieldProblem
from amanat.actions.records.kinds import per_model
from amanat.language.i18n import N_
from amanat.register import Base

Loc = tuple[str | int, ...]


@cache
def _model_of_table() -> dict[str, type[Any]]:
    return {m.class_.__table__.name: m.class_ for m in Base.registry.mappers}


@per_model
def reference_targets(model: type[Any]) -> dict[str, type[Any]]:
    """Reference columns of ``model`` that point at another kind of record."""
    found: dict[str, type[Any]] = {}
    for attr in class_mapper(model).column_attrs:
        for key in attr.columns[0].foreign_keys:
            target = _model_of_table().get(key.column.table.name)
            if target is not None and hasattr(target, "distribution"):
                found[attr.key] = target
    return found


def _references(
    model: type[Any], data: Mapping[str, Any], loc: Loc
) -> Iterator[tuple[Loc, type[Any], int]]:
    mapper: Mapper[Any] = class_mapper(model)
    children = {r.key: r.mapper.class_ for r in mapper.relationships if r.uselist}
    for key, value in data.items():
        target = reference_targets(model).get(key)
        if target is not None and isinstance(value, int) and not isinstance(value, bool):
            yield (*loc, key), target, value
        elif key in children and isinstance(value, Sequence) and not isinstance(value, str):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    yield from _references(children[key], item, (*loc, key, index))


@per_model
def _visible_ids(target: type[Any]) -> tuple[Select[Any], Select[Any]]:
    """For roles that do not read records, and for those that do.  Built once per
    kind: building and keying the visibility clause on every write cost more than
    running it."""
    ids: BindParameter[int] = bindparam("ids", expanding=True)
    model: Any = target

    def build(reads: bool) -> Select[Any]:
        return select(model.id).where(model.id.in_(ids), visible_template(model, reads))

    return build(False), build(True)


def check_references(
    session: Session, viewer: Viewer, model: type[Any], data: Mapping[str, Any], loc: Loc
) -> None:
    """Raise ``FieldProblem`` at the first reference to a record ``viewer`` cannot see."""
    wanted: dict[type[Any], dict[int, Loc]] = {}
    for where, target, record_id in _references(model, data, loc):
        if not 0 < record_id < 2**63:  # no such id; and SQLite cannot even bind it
            raise FieldProblem(where, N_("refers to no record you can see"), record_id)
        wanted.setdefault(target, {}).setdefault(record_id, where)
    for target, ids in wanted.items():
        query = _visible_ids(target)[viewer.reads_records]
        seen = set(session.scalars(query, {**viewer_params(viewer), "ids": list(ids)}))
        for record_id, where in ids.items():
            if record_id not in seen:
                raise FieldProblem(where, N_("refers to no record you can see"), record_id)
