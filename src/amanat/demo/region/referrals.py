"""Referrals in the demo region: an NGO refers the victim it assists to another
organisation for what it does not offer itself, under her consent to share with it
(sometimes without her name); the receiver sees her records, and answers.

Everything here follows from what the caller drew, never from a random draw of its
own: adding referrals changes no other record of a seed's region.
"""

from __future__ import annotations

from dataclasses import dataclass

from amanat.demo.region import dates
from amanat.demo.region.organisations import Org
from amanat.demo.region.rows import Rows

DECLINES = {
    "refused_by_provider": "No place free at the time; referred elsewhere",
    "declined_by_victim": "She chose to return home first",
}
ANSWER_DAYS = 3


@dataclass(frozen=True)
class Referred:
    victim_id: int
    person_id: int
    ngo: Org
    provider: Org
    service: str
    status: str
    day: int  # referred on
    completed: int | None


def _stamp(day: int, hour: int) -> str:
    return f"{dates.iso(min(day, dates.HORIZON))} {hour:02d}:00:00"


def add_referral(rows: Rows, found: Referred, first: bool, opens: bool) -> bool:
    """The referral, its steps, and — for her ``first`` referral to this provider — the
    consent it rests on; it ``opens`` her records to the provider unless they are open
    already.  Whether they are open after it."""
    open_ = opens and found.status not in DECLINES
    if first:
        # One in four agrees to the referral without her name.
        identity = found.victim_id % 4 != 0
        rows.add(
            "consent",
            found.victim_id,
            "assistance",
            found.provider.id,
            dates.iso(found.day),
            None,
            identity,
        )
    answered = min(found.day + ANSWER_DAYS, dates.HORIZON)
    referral_id = rows.add(
        "referral",
        found.victim_id,
        found.service,
        found.ngo.id,
        found.provider.id,
        found.status,
        dates.iso(found.day),
        dates.iso(found.completed) if found.completed is not None else None,
        None,
        None,
        DECLINES.get(found.status),
        open_,
        open_,
        True,
        _stamp(found.completed or answered, 16),
    )
    rows.add(
        "referral_event", referral_id, "referred", _stamp(found.day, 10), found.ngo.id, None, None
    )
    steps = {
        "accepted": ["accepted"],
        "in_progress": ["accepted", "in_progress"],
        "completed": ["accepted", "completed"],
    }.get(found.status, [found.status] if found.status != "referred" else [])
    for number, status in enumerate(steps):
        day = found.completed if status == "completed" and found.completed else answered + number
        reason = DECLINES.get(status)
        rows.add(
            "referral_event", referral_id, status, _stamp(day, 11), found.provider.id, None, reason
        )
    if open_:
        for kind, record_id in (("victim", found.victim_id), ("person", found.person_id)):
            rows.add(
                "record_share", kind, record_id, found.provider.id, _stamp(found.day, 10), None
            )
    return open_ or not opens
