"""Auditors: search the audit trail and see the alerts on unusual access.

Auditors read the trail, never the records: a row names the kind and id of what was
read, not its content.  Searching the trail is itself recorded.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access import audit_store
from amanat.access.alerts import Alert, alerts_for
from amanat.access.audit_store import AuditRecord, to_entry
from amanat.access.models import User
from amanat.access.roles import Role
from amanat.register import Organisation
from amanat.service.web.form_input import FormInput
from amanat.service.web.i18n import N_
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 100
ALERT_DAYS = (1, 7, 30, 90)
# Severities of the alert rules (alert_rules.yaml), shown translated.
SEVERITIES = (N_("high"), N_("medium"), N_("low"))
ACTIONS = (
    "read",
    "reveal_identity",
    "search",
    "search_hit",
    "write",
    "update",
    "delete",
    "export",
    "login",
    "login_failed",
    "logout",
    "share",
    "audit_search",
)


def recent_alerts(db: Session, lang: str, days: int) -> list[Alert]:
    """Alerts raised over the last ``days`` days, newest first."""
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    rows = db.scalars(select(AuditRecord).where(AuditRecord.at >= since).order_by(AuditRecord.seq))
    found = alerts_for(db, (to_entry(row) for row in rows), lang)
    return sorted(found, key=lambda alert: alert.at, reverse=True)


def _search(page: Page, form: FormInput) -> list[tuple[AuditRecord, str | None]]:
    query = select(AuditRecord, User.username).outerjoin(User, User.id == AuditRecord.actor_user_id)
    username = form.text("user", limit=80)
    if username:
        query = query.where(User.username == username)
    org = form.text("org", limit=40)
    if org:
        org_id = page.db.scalar(select(Organisation.id).where(Organisation.code == org))
        query = query.where(AuditRecord.actor_org_id == (org_id or -1))
    action = form.choice("action", dict.fromkeys(ACTIONS))
    if action:
        query = query.where(AuditRecord.action == action)
    kind = form.text("kind", limit=40)
    if kind:
        query = query.where(AuditRecord.target_kind == kind)
    record = form.text("record", limit=80)
    if record:
        query = query.where(AuditRecord.target_id == record)
    since, until = form.date("since"), form.date("until")
    if since:
        query = query.where(AuditRecord.at >= dt.datetime.combine(since, dt.time(), dt.UTC))
    if until:
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dt.UTC)
        query = query.where(AuditRecord.at < end)
    before = form.integer("before", 1, 2**62)
    if before:
        query = query.where(AuditRecord.seq < before)
    if not form.ok:
        return []
    rows = page.db.execute(query.order_by(AuditRecord.seq.desc()).limit(PAGE_SIZE))
    return list(rows.all())


@router.get("/audit")
def audit_search(page: SignedIn) -> Response:
    caller = page.require_role(Role.auditor)
    form = FormInput(page.request.query_params, page.lang)
    rows = _search(page, form)
    audit_store.append(
        page.db,
        "audit_search",
        user_id=caller.user.id,
        org_id=caller.user.org_id,
        detail={"rows": len(rows)},
    )
    details: dict[int, Any] = {row.seq: json.loads(row.detail) for row, _ in rows}
    following = {k: v for k, v in form.values.items() if k != "before" and v}
    context = {
        "form": form,
        "rows": rows,
        "details": details,
        "action_choices": [("", "—"), *((action, action) for action in ACTIONS)],
        "next_before": rows[-1][0].seq if len(rows) == PAGE_SIZE else None,
        "following": following,
    }
    return page.render("audit.html", context)


@router.get("/audit/alerts")
def audit_alerts(page: SignedIn, days: int = 7) -> Response:
    page.require_role(Role.auditor)
    days = days if days in ALERT_DAYS else 7
    alerts = recent_alerts(page.db, page.lang, days)
    users = dict(page.db.execute(select(User.id, User.username)).all())
    context = {"alerts": alerts, "days": days, "choices": ALERT_DAYS, "users": users}
    return page.render("alerts.html", context)
