"""What a start page shows: how much waits for the caller, in numbers, and for
auditors the latest alerts.

Numbers only, never the records counted: a start page should not read victims'
records nobody chose to open.  Each part needs the permission of the work it
leads to, so a start page shows each role only its own work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from amanat.access.alerts import Alert
from amanat.access.models import ApiToken, User
from amanat.access.roles import Permission
from amanat.access.visibility import visible
from amanat.actions import alerts as alert_marks
from amanat.actions import inbox
from amanat.actions.audit_trail import raised_alerts
from amanat.actions.door import Context, Scope, action
from amanat.actions.monitoring.cache import kept
from amanat.actions.monitoring.scope import Asked, scope_of
from amanat.register import Case, Organisation, Seizure, Victim
from amanat.resolve.models import Candidate, Judgement
from amanat.resolve.review import open_count, seen_pair

NUMBERS_ONLY = "numbers only: no record is shown"
ALERT_DAYS = 7
MAX_ALERTS = 10


@dataclass(frozen=True)
class Waiting:
    share_requests: int  # to decide, as the originator
    referrals_in: int  # made to one's organisation, not yet answered
    caseload: int  # victims one's organisation registered


@dataclass(frozen=True)
class Administration:
    organisations: int
    users: int  # of one's own organisation
    tokens: int  # active, of one's own organisation's users


@action(
    "start.counts",
    "How many cases, victims and seizures the caller may see",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    unaudited_because=NUMBERS_ONLY,
)
def counts(ctx: Context) -> dict[str, int]:
    """Kept a few minutes for this viewer (``monitoring.cache``): each count tests
    every record of a region against the visibility rule."""

    def count_all() -> dict[str, int]:
        found = {}
        for kind, model in (("case", Case), ("victim", Victim), ("seizure", Seizure)):
            found[kind] = inbox.count(
                ctx, select(func.count(model.id)).where(visible(model, ctx.viewer))
            )
        return found

    return kept(ctx, "start.counts", scope_of(ctx, Asked()), count_all)


@action(
    "start.waiting",
    "What waits for one's own organisation: share requests to decide, referrals to "
    "answer, and the victims of its caseload",
    scope=Scope.own_organisation,
    permission=Permission.read,
    read_only=True,
    unaudited_because=NUMBERS_ONLY,
)
def waiting(ctx: Context) -> Waiting:
    org = ctx.viewer.org_id
    own = select(func.count(Victim.id)).where(Victim.org_id == org, Victim.deleted_at.is_(None))
    return Waiting(
        inbox.share_requests_pending(ctx), inbox.referrals_to_answer(ctx), inbox.count(ctx, own)
    )


@action(
    "start.administration",
    "How many organisations the directory holds, and the users and active API tokens "
    "of one's own organisation",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    read_only=True,
    unaudited_because=NUMBERS_ONLY,
)
def administration(ctx: Context) -> Administration:
    org = ctx.viewer.org_id
    tokens = (
        select(func.count(ApiToken.id))
        .join(User, User.id == ApiToken.user_id)
        .where(
            User.org_id == org,
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > dt.datetime.now(dt.UTC),
        )
    )
    return Administration(
        inbox.count(ctx, select(func.count(Organisation.id))),
        inbox.count(ctx, select(func.count(User.id)).where(User.org_id == org)),
        inbox.count(ctx, tokens),
    )


@action(
    "start.review",
    "How many pairs of records the caller may judge wait for a judgement",
    scope=Scope.visible_records,
    permission=Permission.resolve,
    read_only=True,
    unaudited_because=NUMBERS_ONLY,
)
def review_waiting(ctx: Context) -> int:
    return open_count(ctx.session, viewer=ctx.viewer)


@action(
    "start.alerts",
    "The latest open (not acknowledged) alerts on unusual access, of the last seven "
    "days (auditors)",
    scope=Scope.audit_trail,
    permission=Permission.audit,
    read_only=True,
    audit="alerts_read",
)
def alerts(ctx: Context, lang: str = "en") -> list[Alert]:
    """Reading alerts is reading the trail: recorded, as on the alerts page."""
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=ALERT_DAYS)
    found = raised_alerts(ctx.session, since, None, lang)
    ctx.audit(None, None, alerts=len(found), since=since.isoformat(), on="start page")
    open_ones = alert_marks.open_only(ctx, found)
    return sorted(open_ones, key=lambda alert: alert.at, reverse=True)[:MAX_ALERTS]


@action(
    "start.watched_matches",
    "How many new pairs (of the last seven days) wait for a judgement on people the "
    "caller has judged before (analysts: the people they follow)",
    scope=Scope.visible_records,
    permission=Permission.resolve,
    read_only=True,
    unaudited_because=NUMBERS_ONLY,
)
def watched_matches(ctx: Context) -> int:
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=ALERT_DAYS)
    mine = (Judgement.user_id == ctx.actor.signed_in.id, Judgement.record_kind == "person")
    judged = select(Judgement.left_id).where(*mine).union(select(Judgement.right_id).where(*mine))
    query = select(func.count(Candidate.id)).where(
        Candidate.record_kind == "person",
        Candidate.closed_at.is_(None),
        Candidate.created_at >= since,
        or_(Candidate.left_id.in_(judged), Candidate.right_id.in_(judged)),
        *seen_pair(ctx.viewer),
    )
    return inbox.count(ctx, query)
