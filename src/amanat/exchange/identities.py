"""Whether a protected person's identity may leave in an export.

Only to the organisation that owns the record, only to a role the vault lets see it
(the owner's case workers), only when the export asks for identities for a purpose,
and only under the victim's consent to that purpose, one that covers who she is.  A
non-owner never receives an identity in a file, consented or not: it can ask for one
person at a time, audited, through the vault.  Each identity released is audited
(``reveal_identity``).
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from amanat.access.identity_vault import Identity, reveal
from amanat.access.sharing import NotFound
from amanat.access.vault import MasterKey
from amanat.access.visibility import Viewer
from amanat.register import Consent, Victim


class IdentityRelease:
    def __init__(
        self, session: Session, viewer: Viewer, master: MasterKey | None, purpose: str
    ) -> None:
        self.session = session
        self.viewer = viewer
        self.master = master
        self.purpose = purpose
        self.released = 0

    def consented(self, person_id: int) -> bool:
        query = (
            select(Consent.id)
            .join(Victim, Victim.id == Consent.victim_id)
            .where(
                Victim.person_id == person_id,
                Consent.purpose == self.purpose,
                Consent.withdrawn_on.is_(None),
                # A consent to share her record without who she is releases no identity.
                Consent.identity.is_(True),
                or_(
                    Consent.granted_to_org_id.is_(None),
                    Consent.granted_to_org_id == self.viewer.org_id,
                ),
            )
            .limit(1)
        )
        return self.session.scalar(query) is not None

    def identity(self, person_id: int, owner_org_id: int) -> Identity | None:
        """The identity, if this export may carry it; None otherwise."""
        if self.master is None or owner_org_id != self.viewer.org_id:
            return None
        if not self.consented(person_id):
            return None
        try:
            revealed = reveal(self.session, self.master, self.viewer, person_id, self.purpose)
        except NotFound:
            return None
        if revealed.identity is not None:
            self.released += 1
        return revealed.identity
