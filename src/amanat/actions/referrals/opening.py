"""A referral opens the victim's records to the receiver by name (``record_share``),
so its case workers can see her and, where she consented, who she is; a declined
referral closes what it opened, unless another referral still needs it.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from amanat.access.models import RecordShare
from amanat.federation import reach
from amanat.register import Referral, Victim

# A referral in one of these states still needs the receiver to see her.
OPEN_STATUSES = ("referred", "accepted", "in_progress", "completed")


def _share(session: Session, kind: str, record_id: int, org_id: int, user_id: int) -> bool:
    """Share one record by name; False when it was shared already."""
    query = select(RecordShare.id).where(
        RecordShare.record_kind == kind,
        RecordShare.record_id == record_id,
        RecordShare.org_id == org_id,
    )
    if session.scalar(query) is not None:
        return False
    session.add(
        RecordShare(
            record_kind=kind, record_id=record_id, org_id=org_id, granted_by_user_id=user_id
        )
    )
    return True


def open_records(session: Session, victim: Victim, org_id: int, user_id: int) -> tuple[bool, bool]:
    """Share the victim record and her person record with ``org_id``; which of the
    two this opened (the others were open already)."""
    opened_victim = _share(session, "victim", victim.id, org_id, user_id)
    opened_person = victim.person_id is not None and _share(
        session, "person", victim.person_id, org_id, user_id
    )
    session.flush()
    opened = [("victim", victim.id)] if opened_victim else []
    if opened_person and victim.person_id is not None:
        opened.append(("person", victim.person_id))
    reach.shares_changed(session, org_id, opened)  # to an organisation of a peer node
    return opened_victim, opened_person


def close_records(session: Session, referral: Referral, victim: Victim) -> None:
    """Close what ``referral`` opened, unless another of her referrals to the same
    organisation is still open: that one then closes it in its turn."""
    others = select(Referral).where(
        Referral.victim_id == victim.id,
        Referral.provider_org_id == referral.provider_org_id,
        Referral.id != referral.id,
        Referral.status.in_(OPEN_STATUSES),
    )
    still = session.scalar(others.order_by(Referral.id).limit(1))
    if still is not None:
        still.opened_victim = still.opened_victim or referral.opened_victim
        still.opened_person = still.opened_person or referral.opened_person
        referral.opened_victim = referral.opened_person = False
        return
    closing = []
    if referral.opened_victim:
        closing.append(("victim", victim.id))
    if referral.opened_person and victim.person_id is not None:
        closing.append(("person", victim.person_id))
    for kind, record_id in closing:
        session.execute(
            delete(RecordShare).where(
                RecordShare.record_kind == kind,
                RecordShare.record_id == record_id,
                RecordShare.org_id == referral.provider_org_id,
            )
        )
    # Revoked from an organisation of a peer node: that node is sent their withdrawal.
    reach.shares_changed(session, referral.provider_org_id, closing)
    referral.opened_victim = referral.opened_person = False
