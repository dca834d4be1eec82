"""Reading records: a page of a kind, one record, and what a record is linked to.

Reads go through the visibility rule in SQL and the audit trail
(``amanat.access.reads``): a record the caller may not see is ``NotFound`` exactly
like a missing one.  Nothing here commits: the caller's transaction does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from amanat.access.reads import read_many, read_record
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.access.visibility import visible
from amanat.actions.actor import USER_CREDENTIALS, Credential
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.records import cursor as cursors
from amanat.actions.records.filters import conditions
from amanat.actions.records.kinds import child_loads, children, model_of
from amanat.actions.records.links import links_of as _links_of
from amanat.language.i18n import N_
from amanat.register import Organisation

MAX_LIMIT = 200
READS = Audited.reads


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


@action(
    "record.list",
    "List the records of one kind the caller may see, oldest first",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=READS,
)
def list_records(
    ctx: Context,
    kind: str,
    filters: Mapping[str, object],
    cursor: str | None = None,
    limit: int = 50,
    *,
    purpose: str | None = None,
) -> Page:
    model = model_of(kind)
    if model is Organisation:
        raise NotFound(N_("organisations are listed by organisation.list"))
    if not 1 <= limit <= MAX_LIMIT:
        raise FieldProblem(
            ("query", "limit"),
            N_("must be between 1 and %(most)s"),
            limit,
            most=MAX_LIMIT,
        )
    query = select(model).where(*conditions(model, filters), visible(model, ctx.viewer))
    after = cursors.decode(kind, cursor)
    if after is not None:
        query = query.where(model.id > after)
    query = query.order_by(model.id).limit(limit + 1).options(*child_loads(model))
    rows = list(ctx.session.scalars(query))
    items = rows[:limit]
    read_many(ctx.session, ctx.viewer, items, purpose)
    more = len(rows) > limit
    return Page(items, cursors.encode(kind, items[-1].id) if more else None)


@action(
    "record.read",
    "Read one record, with its child lists (a role that reads no records sees only "
    "what an approved emergency grant names)",
    scope=Scope.visible_records,
    read_only=True,
    audit="read",
    audited=READS,
)
def get_record(ctx: Context, kind: str, record_id: int, purpose: str | None = None) -> Any:
    """The record, audited, or ``NotFound`` (missing and not visible alike).

    Its child lists come in the same query as the row: the audit entry, appended
    under a lock held until commit, is then the last statement before the commit
    (commit soon after this returns).  The visibility rule alone decides: an
    emergency grant lets any role read the one record it names.
    """
    model = model_of(kind)
    if model is Organisation or not 0 < record_id < 2**63:
        raise NotFound(N_("%(kind)s %(record_id)s not found"), kind=kind, record_id=record_id)
    return read_record(
        ctx.session, ctx.viewer, kind, record_id, purpose, children=tuple(children(model))
    )


@action(
    "record.links",
    "What a record is linked to, each linked record filtered by its own marking",
    scope=Scope.visible_records,
    read_only=True,
    audit="read",
    audited=READS,
)
def links_of(ctx: Context, kind: str, record_id: int) -> dict[str, list[Any]]:
    return _links_of(ctx.session, ctx.viewer, kind, record_id)


@action(
    "organisation.list",
    "The directory of organisations (open to every user, and to the system operator, "
    "who keeps it: amanat org list)",
    scope=Scope.visible_records,
    read_only=True,
    credentials=USER_CREDENTIALS | {Credential.operator},
    unaudited_because="the directory of organisations is not a record of anyone's",
)
def list_organisations(ctx: Context, cursor: str | None = None, limit: int = MAX_LIMIT) -> Page:
    if not 1 <= limit <= MAX_LIMIT:
        raise FieldProblem(
            ("query", "limit"),
            N_("must be between 1 and %(most)s"),
            limit,
            most=MAX_LIMIT,
        )
    query = select(Organisation)
    after = cursors.decode("organisation", cursor)
    if after is not None:
        query = query.where(Organisation.id > after)
    rows = list(ctx.session.scalars(query.order_by(Organisation.id).limit(limit + 1)))
    items = rows[:limit]
    more = len(rows) > limit
    return Page(items, cursors.encode("organisation", items[-1].id) if more else None)


@action(
    "organisation.read",
    "One organisation of the directory",
    scope=Scope.visible_records,
    read_only=True,
    unaudited_because="the directory of organisations is not a record of anyone's",
)
def get_organisation(ctx: Context, org_id: int) -> Organisation:
    found = ctx.session.get(Organisation, org_id) if 0 < org_id < 2**63 else None
    if found is None:
        raise NotFound(N_("organisation %(org_id)s not found"), org_id=org_id)
    return found
