"""The visibility rule, as SQL: which records a user may see.

Applied in the query (a WHERE clause), below the API, web app, command line and
exports, so no path can bypass it and nothing is filtered after loading.  A record
is visible to a user whose role reads records when it is not deleted and

- it belongs to the user's organisation; or
- its distribution is ``community``; or
- its distribution is ``group`` and the user's organisation is, *now*, a member of
  its sharing group (membership is looked up in the same query, so a removed member
  loses access at once); or
- it was shared with the user's organisation by name (``record_share``: the
  ``named`` distribution, or an approved request to share more widely); or
- the user holds an approved, unexpired emergency (break-glass) grant for it.  Only
  roles that read records may ask for one (``actions.emergency``), so administrators
  and auditors never see a record.

Linked records inherit nothing: each table is filtered by its own marking, so a
visible case does not reveal a victim that is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    DateTime,
    Select,
    and_,
    bindparam,
    false,
    or_,
    select,
)

from amanat.access.models import BreakGlass, RecordShare
from amanat.access.roles import Permission, Role, can
from amanat.register import RECORD_KINDS
from amanat.register.base import Base, utcnow
from amanat.register.checks import DISTRIBUTION_ORDER, distribution_allowed
from amanat.register.sharing_group import SharingGroupMember

__all__ = [
    "DISTRIBUTIONS",
    "Viewer",
    "distribution_allowed",
    "reaches_any",
    "record_kind",
    "viewer_params",
    "visible",
    "visible_template",
]

DISTRIBUTIONS = DISTRIBUTION_ORDER
KIND_OF_MODEL: dict[type[Base], str] = {model: kind for kind, model in RECORD_KINDS.items()}


@dataclass(frozen=True)
class Viewer:
    """Who is asking: the user, their organisation and their role."""

    user_id: int
    org_id: int
    role: Role

    @property
    def reads_records(self) -> bool:
        return can(self.role, Permission.read)


def record_kind(model: type[Base]) -> str:
    """The kind name users see ("case", "person"), as kept in record_share."""
    return KIND_OF_MODEL[model]


def break_glass(model: Any, viewer: Viewer, now: dt.datetime | None = None) -> ColumnElement[bool]:
    """Rows the user may read now under an approved, unexpired emergency grant."""
    return _break_glass(model, viewer.user_id, now or utcnow())


def _break_glass(model: Any, user_id: Any, now: Any) -> ColumnElement[bool]:
    granted = select(BreakGlass.record_id).where(
        BreakGlass.user_id == user_id,
        BreakGlass.record_kind == record_kind(model),
        BreakGlass.approved_at.is_not(None),
        BreakGlass.expires_at > now,
    )
    held: ColumnElement[bool] = model.id.in_(granted)  # as shared_by_name below
    return held


def visible(
    model: Any, viewer: Viewer, now: dt.datetime | None = None, *, with_break_glass: bool = True
) -> ColumnElement[bool]:
    """A WHERE clause: the rows of ``model`` (a Provenance table) ``viewer`` may see."""
    return _visible(
        model,
        viewer.reads_records,
        viewer.org_id,
        viewer.user_id,
        now or utcnow(),
        with_break_glass,
    )


# The bound parameters of ``visible_template``; ``viewer_params`` gives their values.
VIEWER_ORG, VIEWER_USER, VIEWER_NOW = "visible_org_id", "visible_user_id", "visible_now"


def visible_template(
    model: Any, reads_records: bool, *, with_break_glass: bool = True
) -> ColumnElement[bool]:
    """``visible`` with the viewer and the time as bound parameters: a statement
    built on it once serves every viewer whose role reads records (or every one
    whose role does not), so hot paths skip building and keying the clause on
    every request.  Execute it with ``viewer_params``."""
    org = bindparam(VIEWER_ORG, type_=BigInteger)
    user = bindparam(VIEWER_USER, type_=BigInteger)
    now = bindparam(VIEWER_NOW, type_=DateTime(timezone=True))
    return _visible(model, reads_records, org, user, now, with_break_glass)


def viewer_params(viewer: Viewer, now: dt.datetime | None = None) -> dict[str, Any]:
    return {VIEWER_ORG: viewer.org_id, VIEWER_USER: viewer.user_id, VIEWER_NOW: now or utcnow()}


def _visible(
    model: Any, reads_records: bool, org_id: Any, user_id: Any, now: Any, with_break_glass: bool
) -> ColumnElement[bool]:
    ways = _marking_ways(model, lambda column: column == org_id) if reads_records else []
    if with_break_glass:
        ways.append(_break_glass(model, user_id, now))
    if not ways:
        return false()
    return and_(model.deleted_at.is_(None), or_(*ways))


def _marking_ways(
    model: Any, is_reader: Callable[[Any], ColumnElement[bool]]
) -> list[ColumnElement[bool]]:
    """The ways a record's marking lets it reach a reading organisation; ``is_reader``
    says of an organisation id column whether it is one of the readers."""
    member_groups = select(SharingGroupMember.group_id).where(is_reader(SharingGroupMember.org_id))
    # "id IN (the ids shared with the reader)" rather than a correlated EXISTS: the
    # database reads the reader's shares once per query (SQLite through the covering
    # index ix_record_share_org_kind) instead of looking them up for every row, which
    # took half of the rule's cost over a table's rows.  The same rows: ids are never NULL.
    shared = select(RecordShare.record_id).where(
        RecordShare.record_kind == record_kind(model), is_reader(RecordShare.org_id)
    )
    shared_by_name = model.id.in_(shared)
    return [
        is_reader(model.org_id),
        model.distribution == "community",
        and_(model.distribution == "group", model.sharing_group_id.in_(member_groups)),
        shared_by_name,
    ]


def reaches_any(model: Any, org_ids: Select[Any]) -> ColumnElement[bool]:
    """A WHERE clause: the rows of ``model`` that the same rule lets reach at least one
    of the organisations ``org_ids`` selects (a federation peer's organisations: what
    may be sent to a node is exactly what would be visible there).  No emergency
    grant counts: it is one user's, for a while, and never leaves the node."""
    ways = _marking_ways(model, lambda column: column.in_(org_ids))
    return and_(model.deleted_at.is_(None), or_(*ways))


def visible_select(model: Any, viewer: Viewer) -> Select[Any]:
    """``SELECT model WHERE visible`` — the starting point of every read of records."""
    return select(model).where(visible(model, viewer))
