"""Reading records through the access layer: visible or not found, and audited.

Every path that shows a user a record (API, web app, command line, export) goes
through ``read_record`` or ``read_many``; a read under an emergency grant is marked
``break_glass`` in the audit trail, where the alert rules pick it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, joinedload

from amanat.access import audit_store
from amanat.access.sharing import NotFound, shareable_model
from amanat.access.visibility import Viewer, record_kind, viewer_params, visible_template
from amanat.language.i18n import N_

PROTECTED_KINDS = frozenset({"victim"})


def _is_protected(record: Any) -> bool:
    return bool(getattr(record, "is_protected", False)) or record_kind(type(record)) in (
        PROTECTED_KINDS
    )


def _entry(viewer: Viewer, record: Any, purpose: str | None, glass: bool) -> audit_store.Pending:
    return audit_store.Pending(
        "read",
        user_id=viewer.user_id,
        org_id=viewer.org_id,
        target_kind=record_kind(type(record)),
        target_id=record.id,
        purpose=purpose,
        detail={
            "owner_org_id": record.org_id,
            "protected": _is_protected(record),
            "break_glass": glass,
        },
    )


@cache
def _read_statement(model: Any, reads_records: bool, children: tuple[str, ...]) -> Select[Any]:
    """Built once per kind and role shape (a statement object keeps its cache key,
    so only the first read of a kind pays for building and keying it)."""
    usual = visible_template(model, reads_records, with_break_glass=False).label("usual")
    query = select(model, usual).where(
        model.id == bindparam("record_id"), visible_template(model, reads_records)
    )
    return query.options(*(joinedload(getattr(model, child)) for child in children))


def read_record(
    session: Session,
    viewer: Viewer,
    kind: str,
    record_id: int,
    purpose: str | None = None,
    *,
    children: Sequence[str] = (),
) -> Any:
    """The record if the viewer may see it (audited), else ``NotFound`` — the same
    answer as for a record that does not exist.  ``children``: child lists to load
    in the same query (they are shown with the record)."""
    model = shareable_model(kind)
    statement = _read_statement(model, viewer.reads_records, tuple(children))
    result = session.execute(statement, {**viewer_params(viewer), "record_id": record_id})
    row = (result.unique() if children else result).first()
    if row is None:
        raise NotFound(N_("%(kind)s %(record_id)s not found"), kind=kind, record_id=record_id)
    record, usually_visible = row
    # Visible, but not in the usual way: only an emergency grant let the user in.
    audit_store.append_many(session, [_entry(viewer, record, purpose, not usually_visible)])
    return record


def read_many(
    session: Session, viewer: Viewer, records: Sequence[Any], purpose: str | None = None
) -> None:
    """Audit a page of records shown together (a list or search result), in one
    append."""
    entries = [
        _entry(viewer, record, purpose, glass=False)
        for record in records
        if _is_protected(record) or record.org_id != viewer.org_id
    ]
    audit_store.append_many(session, entries)
