"""Referrals, as in Primero but safer: a case worker refers a victim her organisation
registered to an organisation that offers the service she needs, under her consent
to share with it; the receiver sees the referral and the victim (her pseudonym, or
her identity where she consented to that too), and accepts, declines with a reason,
or completes; the referring organisation sees every answer.

- ``making``: the referral, the consent it rests on, and who it may name;
- ``answering``: the receiver's answers, and the sender noting them;
- ``listing``: the referrals made and received, and a victim's;
- ``opening``: her records opened to the receiver by name, and closed on a decline;
- ``consent``: the consent a referral rests on, and the referrals closed when she
  withdraws it.
"""

from amanat.actions.referrals.answering import (
    DECLINES,
    PROVIDER_STATUSES,
    next_statuses,
    note_answer,
    set_status,
)
from amanat.actions.referrals.consent import PURPOSE, WITHDRAWN, consent_for, follow_consent
from amanat.actions.referrals.listing import Listed, Referrals, Wanted, of_victim, referrals
from amanat.actions.referrals.making import GivenConsent, add

__all__ = [
    "DECLINES",
    "PROVIDER_STATUSES",
    "PURPOSE",
    "WITHDRAWN",
    "GivenConsent",
    "Listed",
    "Referrals",
    "Wanted",
    "add",
    "consent_for",
    "follow_consent",
    "next_statuses",
    "note_answer",
    "of_victim",
    "referrals",
    "set_status",
]
