"""Emergency ("break-glass") access to one record one cannot otherwise see: ask with a
reason, have it decided by the record's organisation or an oversight auditor, read
for a few hours — every step and every read under it in the audit trail, where the
alert rules flag it.  See ``access.break_glass`` for who decides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from amanat.access import audit_store
from amanat.access.break_glass import (
    approve_break_glass,
    deny_break_glass,
    request_break_glass,
    requests_to_decide,
)
from amanat.access.models import BreakGlass, User
from amanat.access.roles import Permission
from amanat.actions.door import Context, Scope, action
from amanat.register import Organisation

LIST_SIZE = 200
# How a read under a grant is marked in the trail (``access.reads``).
GLASS_MARK = '"break_glass": true'


def oversight_ids(ctx: Context) -> frozenset[int]:
    if not ctx.oversight:
        return frozenset()
    query = select(Organisation.id).where(Organisation.code.in_(sorted(ctx.oversight)))
    return frozenset(ctx.session.scalars(query))


@action(
    "emergency.ask",
    "Ask for an emergency read of one record, by reference, with the reason; answered "
    "the same whether or not the record exists (roles that read records: an "
    "administrator or auditor has no work that needs a record)",
    scope=Scope.own_account,
    permission=Permission.read,
    audit="break_glass_request",
)
def ask(ctx: Context, kind: str, record_id: int, reason: str) -> BreakGlass:
    grant = request_break_glass(ctx.session, ctx.viewer, kind, record_id, reason)
    ctx.audit(grant.record_kind, grant.record_id, grant=grant.id)
    return grant


@action(
    "emergency.own",
    "One's own emergency requests and what became of them",
    scope=Scope.own_account,
    read_only=True,
    unaudited_because="one's own requests, already in the trail",
)
def own_requests(ctx: Context) -> list[BreakGlass]:
    query = select(BreakGlass).where(BreakGlass.user_id == ctx.viewer.user_id)
    return list(ctx.session.scalars(query.order_by(BreakGlass.id.desc()).limit(LIST_SIZE)))


@dataclass(frozen=True)
class Waiting:
    grant: BreakGlass
    asker: str
    # Named in the reader's language where shown (``Organisation.name_in``).
    asker_org: Organisation


@action(
    "emergency.to_decide",
    "The emergency requests the caller may decide: for records of the caller's own "
    "organisation, or any for an oversight body's auditors",
    scope=Scope.decidable,
    permission=Permission.approve,
    read_only=True,
    unaudited_because="requests and their reasons, no record; each decision is audited",
)
def to_decide(ctx: Context) -> list[Waiting]:
    grants = requests_to_decide(ctx.session, ctx.viewer, oversight_ids(ctx), LIST_SIZE)
    askers = {
        user.id: (user, org)
        for user, org in ctx.session.execute(
            select(User, Organisation)
            .join(Organisation, Organisation.id == User.org_id)
            .where(User.id.in_([g.user_id for g in grants]))
        )
    }
    return [Waiting(g, askers[g.user_id][0].display_name, askers[g.user_id][1]) for g in grants]


@action(
    "emergency.approve",
    "Approve an emergency read for a few hours (at most 24)",
    scope=Scope.decidable,
    permission=Permission.approve,
    audit="break_glass_approve",
)
def approve(ctx: Context, grant_id: int, hours: int) -> BreakGlass:
    grant = approve_break_glass(
        ctx.session,
        ctx.viewer,
        grant_id,
        dt.timedelta(hours=hours),
        oversight_org_ids=oversight_ids(ctx),
    )
    ctx.audit(grant.record_kind, grant.record_id, grant=grant.id, hours=hours)
    return grant


@action(
    "emergency.deny",
    "Refuse an emergency read",
    scope=Scope.decidable,
    permission=Permission.approve,
    audit="break_glass_deny",
)
def deny(ctx: Context, grant_id: int) -> BreakGlass:
    grant = deny_break_glass(
        ctx.session, ctx.viewer, grant_id, oversight_org_ids=oversight_ids(ctx)
    )
    ctx.audit(grant.record_kind, grant.record_id, grant=grant.id)
    return grant


@dataclass(frozen=True)
class Review:
    grants: list[dict[str, Any]]
    uses: list[tuple[Any, str]]


@action(
    "emergency.review",
    "For auditors: every emergency request, who decided it, and every read made under a grant",
    scope=Scope.audit_trail,
    permission=Permission.audit,
    read_only=True,
    audit="break_glass_review",
)
def review(ctx: Context) -> Review:
    asker, approver = aliased(User), aliased(User)
    rows = ctx.session.execute(
        select(BreakGlass, asker, approver, Organisation)
        .join(asker, asker.id == BreakGlass.user_id)
        .join(Organisation, Organisation.id == asker.org_id)
        .outerjoin(approver, approver.id == BreakGlass.approved_by_user_id)
        .order_by(BreakGlass.id.desc())
        .limit(LIST_SIZE)
    ).all()
    record = audit_store.AuditRecord
    reads = ctx.session.execute(
        select(record, User)
        .outerjoin(User, User.id == record.actor_user_id)
        .where(
            and_(
                record.action.in_(("read", "reveal_identity")),
                record.detail.contains(GLASS_MARK),
            )
        )
        .order_by(record.seq.desc())
        .limit(LIST_SIZE)
    ).all()
    grants = [
        {
            "grant": grant,
            "asker": who.display_name,
            "asker_org": org,
            "approver": by.display_name if by else None,
        }
        for grant, who, by, org in rows
    ]
    ctx.audit(None, None, requests=len(grants), reads=len(reads))
    return Review(grants, [(entry, user.display_name if user else "—") for entry, user in reads])
