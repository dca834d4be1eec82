"""The start page, one per role: what is waiting for this user, and where to begin.

Each part comes from an action (``actions.start``, ``record.recent``) that needs
the permission of the work it leads to; a part is shown when the door would let
the user run it, so each role sees only its own work.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from amanat.access.roles import Role
from amanat.actions import record_search, records, start
from amanat.actions.door import allowed, binds
from amanat.service.web import titles
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
RECENT = 10
RECENT_SEIZURES = 5
WORKERS = frozenset({Role.investigator, Role.prosecutor, Role.analyst})


def _worker(page: Page) -> dict[str, Any]:
    recent = record_search.recent
    return {
        "cases": recent(page.ctx, "case", RECENT, purpose="start page"),
        "seizures": recent(page.ctx, "seizure", RECENT_SEIZURES, purpose="start page"),
        "orgs": titles.directory(page.ctx),
    }


def _administrator(page: Page) -> dict[str, Any]:
    found = start.administration(page.ctx)
    counts = {"organisations": found.organisations, "users": found.users, "tokens": found.tokens}
    return {"counts": counts}


@router.get("/")
@binds(
    record_search.recent,
    records.list_organisations,
    start.waiting,
    start.counts,
    start.alerts,
    start.administration,
    start.review_waiting,
)
def dashboard(page: SignedIn) -> Response:
    ctx = page.ctx
    role = ctx.viewer.role
    context: dict[str, Any] = {}
    if allowed(ctx, start.waiting):
        waiting = start.waiting(ctx)
        context["waiting_requests"] = waiting.share_requests
        # Counts, not a list: every victim shown is an audited read, and a start page
        # should not read victims' records nobody chose to open.
        context.update(caseload=waiting.caseload, referrals_in=waiting.referrals_in)
    if role in WORKERS and allowed(ctx, record_search.recent):
        context.update(_worker(page))
    if role == Role.statistics_officer and allowed(ctx, start.counts):
        context["counts"] = start.counts(ctx)
    if allowed(ctx, start.alerts):
        context["alerts"] = start.alerts(ctx, page.lang)
    if allowed(ctx, start.administration):
        context.update(_administrator(page))
    if allowed(ctx, start.review_waiting):
        # A count only, of pairs the user may judge: the records are shown on /review.
        context["review_open"] = start.review_waiting(ctx)
    return page.render("dashboard.html", context)
