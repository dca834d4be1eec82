"""What waits for the caller: referrals to answer and answers to note, share requests
and emergency-access requests to decide, and alerts to look at.

Numbers only: the inbox page lists the referrals themselves (``referral.list``) and
leads to the pages where the rest is decided.  Each count needs the permission of
the work it leads to, so each role counts only what it decides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from amanat.access.break_glass import decidable, pending
from amanat.access.models import BreakGlass, ShareRequest
from amanat.access.roles import Permission
from amanat.actions.alerts import open_only
from amanat.actions.audit_trail import raised_alerts
from amanat.actions.door import Context, Scope, action
from amanat.actions.emergency import oversight_ids
from amanat.register import Referral, Victim

NUMBERS_ONLY = "numbers only: no record is shown"
ALERT_DAYS = 7


@dataclass(frozen=True)
class ReferralsWaiting:
    # Made to one's organisation and not answered yet.
    to_answer: int
    # Answers to one's organisation's referrals it has not noted yet.
    answers: int


def count(ctx: Context, query: Select[Any]) -> int:
    """A count query's answer (none: 0)."""
    return int(ctx.session.scalar(query) or 0)


def count_referrals(ctx: Context, *where: Any) -> int:
    """Referrals of victims not deleted, that match ``where``."""
    query = (
        select(func.count(Referral.id))
        .join(Victim, Victim.id == Referral.victim_id)
        .where(Victim.deleted_at.is_(None), *where)
    )
    return count(ctx, query)


def referrals_to_answer(ctx: Context) -> int:
    """Referrals made to the caller's organisation that it has not answered yet."""
    org = ctx.viewer.org_id
    return count_referrals(ctx, Referral.provider_org_id == org, Referral.status == "referred")


def share_requests_pending(ctx: Context) -> int:
    """Requests to share the caller's organisation's records, waiting for its decision."""
    query = select(func.count(ShareRequest.id)).where(
        ShareRequest.owner_org_id == ctx.viewer.org_id, ShareRequest.status == "pending"
    )
    return count(ctx, query)


@action(
    "inbox.referrals",
    "How many referrals wait for one's own organisation's answer, and how many answers "
    "to its own referrals it has not noted yet",
    scope=Scope.own_organisation,
    permission=Permission.update,
    read_only=True,
    unaudited_because=NUMBERS_ONLY,
)
def referrals(ctx: Context) -> ReferralsWaiting:
    org = ctx.viewer.org_id
    return ReferralsWaiting(
        referrals_to_answer(ctx),
        count_referrals(ctx, Referral.from_org_id == org, Referral.answer_noted.is_(False)),
    )


@action(
    "inbox.share_requests",
    "How many requests to share one's own organisation's records wait for its decision",
    scope=Scope.decidable,
    permission=Permission.approve,
    read_only=True,
    unaudited_because=NUMBERS_ONLY,
)
def share_requests(ctx: Context) -> int:
    return share_requests_pending(ctx)


@action(
    "inbox.emergency",
    "How many emergency-access requests wait for the caller's decision",
    scope=Scope.decidable,
    permission=Permission.approve,
    read_only=True,
    unaudited_because=NUMBERS_ONLY,
)
def emergency(ctx: Context) -> int:
    query = select(func.count(BreakGlass.id)).where(
        pending(), decidable(ctx.viewer, oversight_ids(ctx))
    )
    return count(ctx, query)


@action(
    "inbox.alerts",
    "How many alerts on unusual access the last seven days raised that nobody has "
    "acknowledged (auditors)",
    scope=Scope.audit_trail,
    permission=Permission.audit,
    read_only=True,
    unaudited_because="a number only; reading the alerts themselves is audited on their page",
)
def alerts(ctx: Context) -> int:
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=ALERT_DAYS)
    return len(open_only(ctx, raised_alerts(ctx.session, since, None, "en")))
