"""The start page, one per role: the work waiting for this user, and where to begin.

Each part comes from an action (``actions.start``, ``case_work``, ``account_lists``,
``emergency``, ``groups``) that needs the permission of the work it leads to; a part
is shown when the door would let the user run it, so each role sees only its own
work:

- investigators: their own and their organisation's open cases, the soonest
  procedural deadline first;
- prosecutors: cases waiting for a charging or a court decision;
- analysts: the review queue, new pairs on people they judged before, share requests;
- statistics officers: the latest year with data, not a default year of zeros;
- auditors: open alerts and emergency requests, decided from here;
- administrators: role requests waiting, locked accounts, sharing groups.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from amanat.access.roles import Role
from amanat.actions import (
    account_lists,
    accounts,
    case_work,
    emergency,
    groups,
    records,
    start,
)
from amanat.actions.door import allowed, binds
from amanat.actions.monitoring.cache import computed_at
from amanat.language.i18n import N_
from amanat.service.web import titles
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
# What a procedural deadline is for (``case_work.TIME_LIMITS``), shown translated.
DEADLINES = (N_("charge after arrest"), N_("end of investigation"), N_("indictment to court"))


def _cases(page: Page) -> dict[str, Any]:
    ctx = page.ctx
    found: dict[str, Any] = {"orgs": titles.directory(ctx, page.lang), "today": dt.date.today()}
    if ctx.viewer.role == Role.prosecutor:
        found["decisions"] = case_work.decisions(ctx)
    else:
        found["my_cases"] = case_work.my_cases(ctx)
    return found


def _auditor(page: Page) -> dict[str, Any]:
    ctx = page.ctx
    found: dict[str, Any] = {"alerts": start.alerts(ctx, page.lang), "ack_back": "start"}
    if allowed(ctx, emergency.to_decide):
        found["pending"] = emergency.to_decide(ctx)
        found["hours"] = [(str(h), str(h)) for h in (1, 2, 4, 8, 24)]
        found["decide_back"] = "start"
    return found


def _administrator(page: Page) -> dict[str, Any]:
    ctx = page.ctx
    found = start.administration(ctx)
    counts = {"organisations": found.organisations, "users": found.users, "tokens": found.tokens}
    return {
        "counts": counts,
        "accounts": account_lists.accounts_waiting(ctx),
        "groups": groups.list_groups(ctx),
    }


@router.get("/")
@binds(
    case_work.my_cases,
    case_work.decisions,
    case_work.latest_year,
    records.list_organisations,
    start.waiting,
    start.counts,
    start.alerts,
    start.administration,
    start.review_waiting,
    start.watched_matches,
    accounts.role_requests_to_decide,
    emergency.to_decide,
    account_lists.accounts_waiting,
    groups.list_groups,
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
    if role in (Role.investigator, Role.prosecutor) and allowed(ctx, case_work.my_cases):
        context.update(_cases(page))
    if role == Role.statistics_officer and allowed(ctx, start.counts):
        context["counts"] = start.counts(ctx)
        context["counts_at"] = computed_at(context["counts"]).strftime("%H:%M")
        context["latest_year"] = case_work.latest_year(ctx)
    if allowed(ctx, start.alerts):
        context.update(_auditor(page))
    if allowed(ctx, start.administration):
        context.update(_administrator(page))
    if allowed(ctx, start.review_waiting):
        # Counts only, of pairs the user may judge: the records are shown on /review.
        context["review_open"] = start.review_waiting(ctx)
        context["watched_new"] = start.watched_matches(ctx)
    # The organisation's designated approver, whatever the role: roles to approve.
    context["roles_to_approve"] = len(accounts.role_requests_to_decide(ctx))
    return page.render("dashboard.html", context)
