"""Records for the REST API and the web app: list, read, create, update, soft-delete,
search people and follow links.

Both front ends call these functions, so both enforce the same rules: reads go
through the visibility rule and the audit trail (``amanat.access.reads``), a record
the caller may not see is ``NotFound`` exactly like a missing one, writes need the
role's permission and are audited, and only the originator changes a record.
Nothing here commits: the caller's transaction (one per request) does, or rolls
everything back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access import audit_store
from amanat.access.audit_store import Pending
from amanat.access.reads import read_many, read_record
from amanat.access.roles import Action
from amanat.access.sharing import NotFound
from amanat.access.vault import MasterKey
from amanat.access.visibility import visible
from amanat.intake.submission import MARKING_FIELDS, SubmissionError, write_records
from amanat.register import RECORD_KINDS, Case, InvalidValue, Organisation
from amanat.service import cursor as cursors
from amanat.service.changes import delete_record, update_record
from amanat.service.deps import Caller
from amanat.service.errors import FieldProblem
from amanat.service.filters import conditions
from amanat.service.kind_columns import kind_columns
from amanat.service.kinds import KIND_BY_NAME, child_loads, children, model_of
from amanat.service.links import links_of
from amanat.service.person_search import PersonHit, search_people
from amanat.service.references import check_references

__all__ = [
    "Page",
    "PersonHit",
    "create_records",
    "delete_record",
    "get_record",
    "links_of",
    "list_records",
    "search_people",
    "update_record",
]

MAX_LIMIT = 200
# The register's default markings (column defaults, the same on every kind of record).
MARKING_DEFAULTS = {name: Case.__table__.c[name].default.arg for name in MARKING_FIELDS}
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


def list_records(
    session: Session,
    caller: Caller,
    kind: str,
    filters: Mapping[str, object],
    cursor: str | None = None,
    limit: int = 50,
    *,
    purpose: str | None = None,
) -> Page:
    """A page of the records of ``kind`` the caller may see, oldest first; records
    of other organisations and protected ones are audited (``read_many``)."""
    model = model_of(kind)
    if not 1 <= limit <= MAX_LIMIT:
        raise FieldProblem(("query", "limit"), f"must be between 1 and {MAX_LIMIT}", limit)
    query = select(model).where(*conditions(model, filters))
    if model is not Organisation:  # the directory of organisations is open to all users
        query = query.where(visible(model, caller.viewer))
    after = cursors.decode(kind, cursor)
    if after is not None:
        query = query.where(model.id > after)
    query = query.order_by(model.id).limit(limit + 1).options(*child_loads(model))
    rows = list(session.scalars(query))
    items = rows[:limit]
    if model is not Organisation:
        read_many(session, caller.viewer, items, purpose)
    more = len(rows) > limit
    return Page(items, cursors.encode(kind, items[-1].id) if more else None)


def get_record(
    session: Session, caller: Caller, kind: str, record_id: int, purpose: str | None = None
) -> Any:
    """The record, audited, or ``NotFound`` (missing and not visible alike).

    Its child lists come in the same query as the row: the audit entry, appended
    under a lock held until commit, is then the last statement before the commit
    (commit soon after this returns).
    """
    model = model_of(kind)
    if not 0 < record_id < 2**63:
        raise NotFound(f"{kind} {record_id} not found")
    if model is Organisation:  # the directory is open to all users
        found = session.get(Organisation, record_id)
        if found is None:
            raise NotFound(f"organisation {record_id} not found")
        return found
    return read_record(
        session, caller.viewer, kind, record_id, purpose, children=tuple(children(model))
    )


def create_records(
    session: Session,
    caller: Caller,
    records: list[dict[str, Any]],
    defaults: Mapping[str, Any] | None = None,
    *,
    master: MasterKey | None = None,
    loc: Sequence[str | int] = ("body", "records"),
    single: bool = False,
) -> dict[str, int]:
    """Write records asserted by the caller's organisation (``write_records``: nested
    children, ``@ref`` references, protected identities sealed); audit a "write"
    per record.  Returns ref -> id; a record given without ``ref`` is ``"#<index>"``.
    A record's own ``kind`` column is given as ``"<kind>_kind"`` (``group_kind``),
    because ``"kind"`` names the kind of record (see ``kind_columns``).

    ``single``: the request body *is* the one record, so errors are located at
    ``loc`` itself rather than at ``loc[index]``.
    """
    caller.require(Action.create, "records")
    if not isinstance(records, list) or not records:
        raise FieldProblem(tuple(loc), "must be a non-empty list", None)
    base = tuple(loc)
    named: list[dict[str, Any]] = []
    for index, record in enumerate(records):
        where = base if single else (*base, index)
        if not isinstance(record, Mapping):
            raise FieldProblem(where, "is not an object", None)
        kind = record.get("kind")
        if not isinstance(kind, str) or kind not in KIND_BY_NAME:
            raise FieldProblem((*where, "kind"), f"is not one of {', '.join(KIND_BY_NAME)}", kind)
        check_references(session, caller.viewer, RECORD_KINDS[kind], record, where)
        ref = record.get("ref")
        named.append({**record, "ref": f"#{index}" if ref is None else ref})
    org = session.get(Organisation, caller.viewer.org_id)
    assert org is not None  # a user belongs to a registered organisation
    # The register's markings, stated: its marking check runs before column defaults
    # apply, and would fail on a record that gives a distribution but no TLP.
    markings = {**MARKING_DEFAULTS, **(defaults or {})}
    try:
        with kind_columns(session, named) as cleaned:
            result = write_records(session, org, cleaned, markings, master)
    except SubmissionError as exc:
        raise _located(exc, base, single) from None
    # One append for the lot, from what is known: every record written here is the
    # caller's organisation's (reading each back only to say so cost a query each).
    viewer = caller.viewer
    audit_store.append_many(
        session,
        [
            Pending(
                "write",
                viewer.user_id,
                viewer.org_id,
                record["kind"],
                result.ids[str(record["ref"])],
                detail={"owner_org_id": org.id},
            )
            for record in named
        ],
    )
    return dict(result.ids)


_STEP = re.compile(r"^(\w+)(?:\[(\d+)\])?$")


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for part in path.split("."):
        match = _STEP.match(part)
        if match is None:
            steps.append(part)
            continue
        steps.append(match.group(1))
        if match.group(2) is not None:
            steps.append(int(match.group(2)))
    return steps


def _located(exc: SubmissionError, base: Loc, single: bool) -> FieldProblem:
    """The submission's "records[0].case.names[1].full_name" as a request location."""
    cause = exc.__context__  # write_records re-raises field errors "from None"
    if isinstance(cause, InvalidValue) and cause.field.startswith("records["):
        steps, message, value = _steps(cause.field), cause.reason, cause.value
        steps = steps[:2] + steps[3:]  # drop the kind after records[i]
    elif isinstance(cause, InvalidValue):  # a check across fields, at flush
        steps = _steps(exc.where) + _steps(cause.field)[1:]
        message, value = cause.reason, cause.value
    else:
        steps, message, value = _steps(exc.where) if exc.where else [], str(exc), None
    if steps[:1] == ["records"]:
        steps = steps[2:] if single else steps[1:]
    return FieldProblem((*base, *steps), message, value)
