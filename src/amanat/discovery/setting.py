"""Whether a person record may be found by a hit/no-hit query, and what a hit shows of
its holder: the owner's choice, with defaults by the person's role.

- ``organisation``: a hit shows the holding organisation; ``country``: only its country;
  ``anonymous``: nothing of the holder (the asker still gets a reference to ask through
  the register); ``none``: never a hit.
- By default suspects and accused (the wanted among them) are found, showing the
  organisation; everyone else is not.
- Victims, witnesses and protected persons are never found unless the victim consented
  to exactly that (consent purpose ``discovery``, not withdrawn, to any organisation):
  an explicit setting cannot override this, it is checked on every use, not stored.
- Informants have no role of their own in the register: as persons in no perpetrator
  role they are never found by default, and a source is not a person record at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.discovery.models import DiscoverySetting
from amanat.register import CaseRole, Consent, Person, Victim

FOUND_BY_DEFAULT = ("suspect", "accused")
NEVER_WITHOUT_CONSENT = ("victim", "witness")
NOT_FOUND = "none"
DEFAULT_FOUND = "organisation"
ANONYMOUS = "anonymous"
DISCOVERY_CONSENT = "discovery"


def unfindable(session: Session, wanted: list[int]) -> set[int]:
    """The victims, witnesses and protected persons among ``wanted`` who did not consent
    to being found: never a hit, whatever the owner chose."""
    guarded = set(
        session.scalars(
            select(CaseRole.person_id).where(
                CaseRole.person_id.in_(wanted),
                CaseRole.role.in_(NEVER_WITHOUT_CONSENT),
                CaseRole.deleted_at.is_(None),
            )
        )
    )
    guarded |= set(
        session.scalars(select(Person.id).where(Person.id.in_(wanted), Person.is_protected))
    )
    guarded |= set(
        session.scalars(
            select(Victim.person_id).where(
                Victim.person_id.in_(wanted), Victim.deleted_at.is_(None)
            )
        )
    )
    consented = session.scalars(
        select(Victim.person_id)
        .join(Consent, Consent.victim_id == Victim.id)
        .where(
            Victim.person_id.in_(wanted),
            Victim.deleted_at.is_(None),
            Consent.purpose == DISCOVERY_CONSENT,
            Consent.withdrawn_on.is_(None),
            # Consent to be found by one organisation cannot be honoured by a query
            # whose asker the holder does not see before answering.
            Consent.granted_to_org_id.is_(None),
        )
    )
    return guarded - {p for p in consented if p is not None}


def effective_settings(session: Session, person_ids: Iterable[int]) -> dict[int, str]:
    """The setting in force for each person: the owner's choice within what her role
    and consent allow, else the default by role."""
    wanted = sorted(set(person_ids))
    if not wanted:
        return {}
    never = unfindable(session, wanted)
    consenting = (
        set(session.scalars(select(Victim.person_id).where(Victim.person_id.in_(wanted)))) - never
    )
    perpetrators = set(
        session.scalars(
            select(CaseRole.person_id).where(
                CaseRole.person_id.in_(wanted),
                CaseRole.role.in_(FOUND_BY_DEFAULT),
                CaseRole.deleted_at.is_(None),
            )
        )
    )
    chosen = {
        person_id: setting
        for person_id, setting in session.execute(
            select(DiscoverySetting.person_id, DiscoverySetting.setting).where(
                DiscoverySetting.person_id.in_(wanted)
            )
        )
    }
    found: dict[int, str] = {}
    for person_id in wanted:
        if person_id in never:
            found[person_id] = NOT_FOUND
        elif person_id in chosen:
            found[person_id] = chosen[person_id]
        elif person_id in perpetrators:
            found[person_id] = DEFAULT_FOUND
        elif person_id in consenting:
            # She agreed to be found; that a shelter holds her would say she is a
            # victim, so by default a hit shows nothing of who holds her.
            found[person_id] = ANONYMOUS
        else:
            found[person_id] = NOT_FOUND
    return found
