"""Finding records other than people: the newest of a kind (a start page, a form's
choice of case), and cases, groups, places and weapons by what they are called.

People are found by name through ``person.search``.  Every record shown is a read,
audited like any list (``access.reads.read_many``), with the purpose given.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, select

from amanat.access.reads import read_many
from amanat.access.roles import Permission
from amanat.access.visibility import visible
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.records.kinds import record_model
from amanat.register import Case, CriminalGroup, Place, Weapon

MAX_RECENT = 200
SEARCH_LIMIT = 20
MAX_QUERY = 300
MAX_PURPOSE = 500
SEARCHED = ("case", "group", "place", "weapon")


@action(
    "record.recent",
    "The newest records of one kind the caller may see (a start page, a form's choices)",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def recent(ctx: Context, kind: str, limit: int = 20, purpose: str | None = None) -> list[Any]:
    model = record_model(kind)
    if not 1 <= limit <= MAX_RECENT:
        raise FieldProblem(("query", "limit"), f"must be between 1 and {MAX_RECENT}", limit)
    query = select(model).where(visible(model, ctx.viewer)).order_by(model.id.desc()).limit(limit)
    rows = list(ctx.session.scalars(query))
    read_many(ctx.session, ctx.viewer, rows, purpose)
    return rows


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _condition(kind: str, text: str) -> ColumnElement[bool]:
    like = _like(text)
    if kind == "case":
        return or_(Case.case_number == text, Case.title.ilike(like, escape="\\"))
    if kind == "group":
        return or_(
            CriminalGroup.name.ilike(like, escape="\\"),
            CriminalGroup.alias.ilike(like, escape="\\"),
        )
    if kind == "place":
        return or_(Place.name.ilike(like, escape="\\"), Place.name_ru.ilike(like, escape="\\"))
    return Weapon.serial_number == text


def _checked(query: str, purpose: str) -> tuple[str, str]:
    text = query.strip() if isinstance(query, str) else ""
    why = purpose.strip() if isinstance(purpose, str) else ""
    if not text or len(text) > MAX_QUERY or "\x00" in text:
        raise FieldProblem(("body", "q"), f"give 1 to {MAX_QUERY} characters", query)
    if not why or len(why) > MAX_PURPOSE or "\x00" in why:
        raise FieldProblem(
            ("body", "purpose"), "say why you search (kept in the audit trail)", None
        )
    return text, why


@action(
    "record.search",
    "Find cases (by number or title), groups and places (by name) and weapons (by serial "
    "number) the caller may see, for a stated purpose",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def search(ctx: Context, query: str, purpose: str) -> dict[str, list[Any]]:
    """The first ``SEARCH_LIMIT`` matches of each kind; each one found is audited with
    the purpose (the query itself is not kept: it may be a name)."""
    text, why = _checked(query, purpose)
    found: dict[str, list[Any]] = {}
    for kind in SEARCHED:
        model = record_model(kind)
        condition = _condition(kind, text)
        rows = ctx.session.scalars(
            select(model)
            .where(condition, visible(model, ctx.viewer))
            .order_by(model.id)
            .limit(SEARCH_LIMIT)
        )
        found[kind] = list(rows)
    read_many(ctx.session, ctx.viewer, [r for rows in found.values() for r in rows], why)
    return found
