"""The audit trail and its alerts, for auditors: who saw or changed what, when and why.

Auditors (the ``audit`` permission) only; reading the trail is itself recorded, so the
watchers are watched too (``amanat.actions.audit_trail``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

from fastapi import APIRouter, Query

from amanat.actions import audit_trail
from amanat.actions.door import binds
from amanat.actions.errors import FieldProblem
from amanat.actions.records import cursor as cursors
from amanat.service.api.answers import errors
from amanat.service.deps import ApiDoor, committed
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
# The API's bound on one request's work; the command line reads any period.
MAX_ALERT_WINDOW = dt.timedelta(days=92)


@router.get("/audit", response_model=AuditPage, responses=AUDITORS)
@binds(audit_trail.search)
def audit_trail_page(door: ApiDoor, query: Annotated[AuditQuery, Query()]) -> AuditPage:
    """Entries of the audit trail, oldest first, filtered by acting user or
    organisation, action, kind and id of the record, and time."""
    wanted = audit_trail.Wanted(
        user_id=query.user,
        org_id=query.org,
        action=query.action,
        kind=query.kind,
        record=query.record,
        since=query.since,
        until=query.until,
    )
    after = cursors.decode("audit", query.cursor)
    found = audit_trail.search(door, wanted, limit=query.limit, oldest_first=True, after=after)
    items = [_public(entry) for entry, _ in found.entries]
    cursor = cursors.encode("audit", items[-1].seq) if found.more else None
    return committed(door, AuditPage(items=items, next_cursor=cursor))


def _public(row: audit_trail.Entry) -> AuditEntryPublic:
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
@binds(audit_trail.alerts)
def alerts(door: ApiDoor, query: Annotated[AlertQuery, Query()]) -> list[AlertPublic]:
    """Unusual access in a period (default: the last 7 days, at most 92), by the
    rules in ``access/alert_rules.yaml``."""
    until = audit_trail.utc(query.until) or dt.datetime.now(dt.UTC)
    since = audit_trail.utc(query.since) or until - ALERT_WINDOW
    if not dt.timedelta(0) <= until - since <= MAX_ALERT_WINDOW:
        raise FieldProblem(("query", "since"), "the period must be 0 to 92 days long", since)
    found = audit_trail.alerts(door, since, until, query.lang)
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
        for a in found.alerts
    ]
    return committed(door, answer)
