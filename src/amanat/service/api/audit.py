"""The audit trail and its alerts, for auditors: who saw or changed what, when and why.

Reading the trail is itself recorded, so the watchers are watched too.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access import audit_store
from amanat.access.alerts import alerts_for
from amanat.access.audit_store import AuditRecord, to_entry
from amanat.access.roles import Permission, PermissionDenied, Role
from amanat.actions.errors import FieldProblem
from amanat.actions.records import cursor as cursors
from amanat.service.api.answers import errors
from amanat.service.deps import ApiCaller, ApiSessionDep, Caller, committed
from amanat.service.schemas.audit import (
    AlertPublic,
    AlertQuery,
    AuditEntryPublic,
    AuditPage,
    AuditQuery,
)

router = APIRouter(tags=["Audit"])
AUDITORS = errors(401, 403, 422)
ALERT_WINDOW = dt.timedelta(days=7)
MAX_ALERT_WINDOW = dt.timedelta(days=92)


def _auditor(caller: Caller, what: str) -> None:
    if caller.viewer.role != Role.auditor:
        raise PermissionDenied(caller.viewer.role, Permission.read, f"{what} (auditors only)")


def _utc(when: dt.datetime | None) -> dt.datetime | None:
    return when.replace(tzinfo=dt.UTC) if when is not None and when.tzinfo is None else when


def _note(session: Session, caller: Caller, action: str, **detail: str | int | bool | None) -> None:
    audit_store.append(
        session, action, user_id=caller.viewer.user_id, org_id=caller.viewer.org_id, detail=detail
    )


@router.get("/audit", response_model=AuditPage, responses=AUDITORS)
def audit_trail(
    session: ApiSessionDep, caller: ApiCaller, query: Annotated[AuditQuery, Query()]
) -> AuditPage:
    """Entries of the audit trail, oldest first, filtered by acting user or
    organisation, action, kind and id of the record, and time."""
    _auditor(caller, "the audit trail")
    select_entries = select(AuditRecord)
    conditions = {
        AuditRecord.actor_user_id: query.user,
        AuditRecord.actor_org_id: query.org,
        AuditRecord.action: query.action,
        AuditRecord.target_kind: query.kind,
        AuditRecord.target_id: query.record,
    }
    for column, value in conditions.items():
        if value is not None:
            select_entries = select_entries.where(column == value)
    if query.since is not None:
        select_entries = select_entries.where(AuditRecord.at >= _utc(query.since))
    if query.until is not None:
        select_entries = select_entries.where(AuditRecord.at < _utc(query.until))
    after = cursors.decode("audit", query.cursor)
    if after is not None:
        select_entries = select_entries.where(AuditRecord.seq > after)
    rows = list(session.scalars(select_entries.order_by(AuditRecord.seq).limit(query.limit + 1)))
    items = [_public(row) for row in rows[: query.limit]]
    more = len(rows) > query.limit
    _note(session, caller, "audit_search", rows=len(items))
    answer = AuditPage(
        items=items, next_cursor=cursors.encode("audit", items[-1].seq) if more else None
    )
    return committed(session, answer)


def _public(row: AuditRecord) -> AuditEntryPublic:
    return AuditEntryPublic(
        seq=row.seq,
        at=row.at,
        actor_user_id=row.actor_user_id,
        actor_org_id=row.actor_org_id,
        action=row.action,
        target_kind=row.target_kind,
        target_id=row.target_id,
        purpose=row.purpose,
        detail=json.loads(row.detail),
        entry_hash=row.entry_hash,
    )


@router.get("/alerts", response_model=list[AlertPublic], responses=AUDITORS)
def alerts(
    session: ApiSessionDep, caller: ApiCaller, query: Annotated[AlertQuery, Query()]
) -> list[AlertPublic]:
    """Unusual access in a period (default: the last 7 days, at most 92), by the
    rules in ``access/alert_rules.yaml``."""
    _auditor(caller, "alerts")
    until = _utc(query.until) or dt.datetime.now(dt.UTC)
    since = _utc(query.since) or until - ALERT_WINDOW
    if not dt.timedelta(0) <= until - since <= MAX_ALERT_WINDOW:
        raise FieldProblem(("query", "since"), "the period must be 0 to 92 days long", since)
    rows = session.scalars(
        select(AuditRecord)
        .where(AuditRecord.at >= since, AuditRecord.at < until)
        .order_by(AuditRecord.seq)
        .execution_options(yield_per=5000)
    )
    found = alerts_for(session, (to_entry(row) for row in rows), lang=query.lang)
    _note(session, caller, "alerts_read", alerts=len(found))
    answer = [
        AlertPublic(
            rule_id=a.rule_id,
            label=a.label,
            severity=a.severity,
            at=a.at,
            user_id=a.user_id,
            seqs=list(a.seqs),
            message=a.message,
        )
        for a in found
    ]
    return committed(session, answer)
