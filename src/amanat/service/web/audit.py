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

from amanat.actions import alerts as alert_marks
from amanat.actions import audit_trail
from amanat.actions.door import binds
from amanat.language.i18n import N_
from amanat.service.web.form_input import FormInput
from amanat.service.web.page import SignedIn

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 100
ALERT_DAYS = (1, 7, 30, 90)
# Severities of the alert rules (alert_rules.yaml), shown translated.
SEVERITIES = (N_("high"), N_("medium"), N_("low"))
SORTS = {"newest": N_("Newest first"), "oldest": N_("Oldest first")}
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


def _wanted(form: FormInput) -> audit_trail.Wanted:
    since, until = form.date("since"), form.date("until")
    return audit_trail.Wanted(
        username=form.text("user", limit=80) or None,
        org_code=form.text("org", limit=40) or None,
        action=form.choice("action", dict.fromkeys(ACTIONS)) or None,
        kind=form.text("kind", limit=40) or None,
        record=form.text("record", limit=80) or None,
        since=dt.datetime.combine(since, dt.time(), dt.UTC) if since else None,
        # the whole day named
        until=dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dt.UTC)
        if until
        else None,
    )


@router.get("/audit")
@binds(audit_trail.search)
def audit_search(page: SignedIn) -> Response:
    form = FormInput(page.request.query_params, page.lang)
    wanted = _wanted(form)
    oldest_first = form.choice("sort", SORTS) == "oldest"
    # The trail is the whole register's, and grows for ever: it pages by entry number
    # (before the last one shown, or after it oldest first), never by counting.
    cursor = form.integer("from", 1, 2**62) or None
    found = audit_trail.search(
        page.ctx,
        wanted,
        limit=PAGE_SIZE,
        oldest_first=oldest_first,
        after=cursor if oldest_first else None,
        before=None if oldest_first else cursor,
    )
    # A field with an error is shown beside it, and no entries: they would be those of a
    # search the auditor did not ask for (the field left out).  The search still ran,
    # and is in the trail as such.
    rows = found.entries if form.ok else []
    details: dict[int, Any] = {row.seq: json.loads(row.detail) for row, _ in rows}
    following = {k: v for k, v in form.values.items() if k != "from" and v}
    context = {
        "form": form,
        "rows": rows,
        "details": details,
        "action_choices": [("", "—"), *((action, action) for action in ACTIONS)],
        "sorts": [(code, page._(text)) for code, text in SORTS.items()],
        "onward": rows[-1][0].seq if rows and found.more else None,
        "paged": cursor is not None,
        "following": following,
    }
    return page.render("audit.html", context)


@router.get("/audit/alerts")
@binds(audit_trail.alerts, alert_marks.acknowledgements)
def audit_alerts(page: SignedIn, days: int = 7) -> Response:
    days = days if days in ALERT_DAYS else 7
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    found = audit_trail.alerts(page.ctx, since, None, page.lang)
    alerts = sorted(found.alerts, key=lambda alert: alert.at, reverse=True)
    context = {"alerts": alerts, "days": days, "choices": ALERT_DAYS, "users": found.usernames}
    context["acks"] = alert_marks.acknowledgements(page.ctx, alerts)
    return page.render("alerts.html", context)
