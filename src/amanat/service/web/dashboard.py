"""The start page, one per role: what is waiting for this user, and where to begin."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import func, select

from amanat.access.models import ApiToken, ShareRequest, User
from amanat.access.reads import read_many
from amanat.access.roles import Permission, Role, can
from amanat.access.visibility import visible
from amanat.register import Assistance, Case, Organisation, Seizure, Victim
from amanat.resolve.review import open_count
from amanat.service.web import titles
from amanat.service.web.audit import recent_alerts
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
RECENT = 10
WORKERS = frozenset({Role.investigator, Role.prosecutor, Role.analyst})


def _recent(page: Page, model: Any, limit: int = RECENT) -> list[Any]:
    viewer = page.user.viewer
    query = select(model).where(visible(model, viewer)).order_by(model.id.desc()).limit(limit)
    rows = list(page.db.scalars(query))
    read_many(page.db, viewer, rows)
    return rows


def _waiting_requests(page: Page) -> int:
    query = select(func.count(ShareRequest.id)).where(
        ShareRequest.owner_org_id == page.user.viewer.org_id, ShareRequest.status == "pending"
    )
    return int(page.db.scalar(query) or 0)


def _worker(page: Page) -> dict[str, Any]:
    return {"cases": _recent(page, Case), "seizures": _recent(page, Seizure, 5)}


def _case_worker(page: Page) -> dict[str, Any]:
    # Counts, not a list: every victim shown is an audited read, and a start page
    # should not read victims' records nobody chose to open.
    viewer = page.user.viewer
    own = select(Victim.id).where(Victim.org_id == viewer.org_id, Victim.deleted_at.is_(None))
    referrals_in = select(func.count(Assistance.id)).where(
        Assistance.provider_org_id == viewer.org_id, Assistance.status == "referred"
    )
    return {
        "caseload": page.db.scalar(select(func.count()).select_from(own.subquery())) or 0,
        "referrals_in": page.db.scalar(referrals_in) or 0,
    }


def _statistics(page: Page) -> dict[str, Any]:
    viewer = page.user.viewer
    counts = {}
    for kind, model in (("case", Case), ("victim", Victim), ("seizure", Seizure)):
        query = select(func.count(model.id)).where(visible(model, viewer))
        counts[kind] = page.db.scalar(query) or 0
    return {"counts": counts}


def _administrator(page: Page) -> dict[str, Any]:
    since = dt.datetime.now(dt.UTC)
    active_tokens = select(func.count(ApiToken.id)).where(
        ApiToken.revoked_at.is_(None), ApiToken.expires_at > since
    )
    return {
        "counts": {
            "organisations": page.db.scalar(select(func.count(Organisation.id))) or 0,
            "users": page.db.scalar(select(func.count(User.id))) or 0,
            "tokens": page.db.scalar(active_tokens) or 0,
        }
    }


@router.get("/")
def dashboard(page: SignedIn) -> Response:
    role = page.user.viewer.role
    context: dict[str, Any] = {"orgs": titles.organisation_names(page.db)}
    if role in WORKERS:
        context.update(_worker(page))
    elif role == Role.case_worker:
        context.update(_case_worker(page))
    elif role == Role.statistics_officer:
        context.update(_statistics(page))
    elif role == Role.auditor:
        context["alerts"] = recent_alerts(page.db, page.lang, days=7)[:RECENT]
    elif role == Role.administrator:
        context.update(_administrator(page))
    if role not in (Role.auditor, Role.administrator):
        context["waiting_requests"] = _waiting_requests(page)
    if can(role, Permission.resolve):
        # A count only, of pairs the user may judge: the records are shown on /review.
        context["review_open"] = open_count(page.db, viewer=page.user.viewer)
    return page.render("dashboard.html", context)
