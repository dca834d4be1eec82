"""Reading records through the access layer: visible or not found, and audited.

Every path that shows a user a record (API, web app, command line, export) goes
through ``read_record`` or ``read_many``; a read under an emergency grant is marked
``break_glass`` in the audit trail, where the alert rules pick it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access import audit_store
from amanat.access.sharing import NotFound, shareable_model
from amanat.access.visibility import Viewer, record_kind, visible

PROTECTED_KINDS = frozenset({"victim"})


def _is_protected(record: Any) -> bool:
    return bool(getattr(record, "is_protected", False)) or record_kind(type(record)) in (
        PROTECTED_KINDS
    )


def _audit(session: Session, viewer: Viewer, record: Any, purpose: str | None, glass: bool) -> None:
    audit_store.append(
        session,
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


def read_record(
    session: Session, viewer: Viewer, kind: str, record_id: int, purpose: str | None = None
) -> Any:
    """The record if the viewer may see it (audited), else ``NotFound`` — the same
    answer as for a record that does not exist."""
    model = shareable_model(kind)
    usual = visible(model, viewer, with_break_glass=False).label("usual")
    row = session.execute(
        select(model, usual).where(model.id == record_id, visible(model, viewer))
    ).first()
    if row is None:
        raise NotFound(f"{kind} {record_id} not found")
    record, usually_visible = row
    # Visible, but not in the usual way: only an emergency grant let the user in.
    _audit(session, viewer, record, purpose, glass=not usually_visible)
    return record


def read_many(
    session: Session, viewer: Viewer, records: Sequence[Any], purpose: str | None = None
) -> None:
    """Audit a page of records shown together (a list or search result)."""
    for record in records:
        if _is_protected(record) or record.org_id != viewer.org_id:
            _audit(session, viewer, record, purpose, glass=False)
