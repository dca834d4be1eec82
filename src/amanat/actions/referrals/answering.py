"""The receiver's answers to a referral — accepted, declined with a reason, in
progress, completed — and the referring organisation noting each one.

Each answer is checked against the status the user saw, so two colleagues answering
at once cannot overwrite each other; each is kept as a step of the referral, so the
sender sees every change, and a decline closes what the referral opened.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm.exc import StaleDataError

from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.named import BIGGEST_ID
from amanat.actions.referrals.opening import close_records
from amanat.language.i18n import N_
from amanat.register import Referral, ReferralEvent, Victim
from amanat.register.base import utcnow

PROVIDER_STATUSES = (
    "accepted",
    "in_progress",
    "completed",
    "refused_by_provider",
    "declined_by_victim",
)
DECLINES = frozenset({"refused_by_provider", "declined_by_victim"})
# What may follow each status; completed and declined referrals are closed.
NEXT: dict[str, tuple[str, ...]] = {
    "referred": ("accepted", "refused_by_provider", "declined_by_victim"),
    "accepted": ("in_progress", "completed", "declined_by_victim"),
    "in_progress": ("completed", "declined_by_victim"),
}
REASON_LENGTH = 2000


def next_statuses(status: str) -> tuple[str, ...]:
    return NEXT.get(status, ())


def _referral(ctx: Context, referral_id: int, org_column: str) -> tuple[Referral, Victim]:
    """The referral if ``org_column`` names the caller's organisation, else not found."""
    row = ctx.session.get(Referral, referral_id) if 0 < referral_id <= BIGGEST_ID else None
    victim = ctx.session.get(Victim, row.victim_id) if row is not None else None
    if row is None or victim is None or victim.deleted_at is not None:
        raise NotFound(N_("referral %(referral_id)s not found"), referral_id=referral_id)
    if getattr(row, org_column) != ctx.viewer.org_id:
        raise NotFound(N_("referral %(referral_id)s not found"), referral_id=referral_id)
    return row, victim


def _reason(status: str, reason: str | None) -> str | None:
    text = (reason or "").strip()
    if len(text) > REASON_LENGTH or "\x00" in text:
        raise FieldProblem(
            ("body", "reason"),
            N_("must be at most %(length)s characters"),
            None,
            length=REASON_LENGTH,
        )
    if status in DECLINES and not text:
        raise FieldProblem(("body", "reason"), N_("say why the referral is declined"), "")
    return text or None


@action(
    "referral.status",
    "The organisation a referral was made to accepts it, declines it with a reason, or "
    "says it is in progress or completed, against the status it saw",
    scope=Scope.decidable,
    permission=Permission.update,
    audit="referral_status",
)
def set_status(
    ctx: Context, referral_id: int, status: str, seen: str, reason: str | None = None
) -> Referral:
    """``seen`` is the status shown when the user chose: a different one now is a
    conflict, and nothing is saved."""
    row, victim = _referral(ctx, referral_id, "provider_org_id")
    if status not in PROVIDER_STATUSES:
        raise FieldProblem(("body", "status"), N_("is not a status a provider can set"), status)
    if row.status != seen:
        raise StaleDataError(f"referral {referral_id} is now {row.status}")
    if status not in next_statuses(row.status):
        raise FieldProblem(
            ("body", "status"), N_("cannot follow %(status)r"), status, status=row.status
        )
    text = _reason(status, reason)
    row.status, row.answer_noted, row.updated_at = status, False, utcnow()
    if status in DECLINES:
        row.reason = text
        close_records(ctx.session, row, victim)
    if status == "completed":
        row.completed_on = dt.date.today()
    viewer = ctx.viewer
    row.events.append(
        ReferralEvent(
            status=status, by_org_id=viewer.org_id, by_user_id=viewer.user_id, reason=text
        )
    )
    ctx.session.flush()
    # The reason stays out of the trail: it is free text, and may describe her.
    ctx.audit(
        "victim",
        victim.id,
        owner_org_id=victim.org_id,
        referral=row.id,
        status=status,
        reason_given=text is not None,
    )
    return row


@action(
    "referral.noted",
    "The referring organisation has seen the receiver's latest answer to a referral "
    "(it leaves the inbox)",
    scope=Scope.own_organisation,
    permission=Permission.update,
    audit="referral_noted",
)
def note_answer(ctx: Context, referral_id: int) -> Referral:
    row, victim = _referral(ctx, referral_id, "from_org_id")
    row.answer_noted = True
    ctx.session.flush()
    ctx.audit("victim", victim.id, owner_org_id=victim.org_id, referral=row.id, status=row.status)
    return row
