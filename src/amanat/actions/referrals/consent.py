"""The consent a referral rests on, and what follows when she withdraws it.

A referral opens her records to the receiver only while she consents to share with
that organisation for assistance.  When an update of her record withdraws (or
removes) the consent, each referral it covered closes: an unanswered or running one
is marked declined by her, a step the receiver and the sender both see, and the
records it opened close again, as on a decline.  A completed referral keeps its
status and loses its access.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access.visibility import Viewer
from amanat.actions.referrals.opening import OPEN_STATUSES, close_records
from amanat.register import Consent, Referral, ReferralEvent, Victim
from amanat.register.base import utcnow

# The consent purpose a referral rests on.
PURPOSE = "assistance"
# Shown to both organisations as the reason: it names no one.
WITHDRAWN = "The victim withdrew her consent to share with this organisation."
STILL_RUNNING = ("referred", "accepted", "in_progress")


def consent_for(victim: Victim, provider_org_id: int) -> Consent | None:
    """Her live consent to share with the organisation for assistance (one naming it,
    or one for any organisation), the one that lets the identity be shown first."""
    found = [
        c
        for c in victim.consents
        if c.purpose == PURPOSE
        and c.withdrawn_on is None
        and c.granted_to_org_id in (None, provider_org_id)
    ]
    return max(found, key=lambda c: (c.identity, c.granted_to_org_id is not None), default=None)


def follow_consent(session: Session, victim: Victim, viewer: Viewer) -> int:
    """Close her open referrals that no consent covers any more; how many closed."""
    query = select(Referral).where(
        Referral.victim_id == victim.id, Referral.status.in_(OPEN_STATUSES)
    )
    closed = 0
    for referral in session.scalars(query.order_by(Referral.id)):
        if consent_for(victim, referral.provider_org_id) is not None:
            continue
        if referral.status in STILL_RUNNING:
            referral.status, referral.reason = "declined_by_victim", WITHDRAWN
            referral.answer_noted, referral.updated_at = False, utcnow()
            referral.events.append(
                ReferralEvent(
                    status=referral.status,
                    by_org_id=viewer.org_id,
                    by_user_id=viewer.user_id,
                    reason=WITHDRAWN,
                )
            )
        close_records(session, referral, victim)
        closed += 1
    session.flush()
    return closed
