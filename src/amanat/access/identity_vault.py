"""Victims' and witnesses' identities, sealed in the database.

A protected person's names, date of birth, documents, phones and addresses are never
stored in the plaintext tables: they are sealed (AES-256-GCM) with the owning
organisation's data key, itself wrapped by the master key, which the database does
not hold.  Everyone sees a stable pseudonym (``V-KZ-7F3A``); the identity is revealed
only to

- the owning organisation's case workers (and, for a witness with no victim record,
  its investigators and prosecutors), and
- organisations the victim consented to share with, for that purpose and with her
  identity, to the roles that purpose is for.

Every reveal is audited.  Administrators and database operators see pseudonyms.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, exists, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from amanat.access import audit_store, protected_names
from amanat.access.roles import Role
from amanat.access.sharing import NotFound
from amanat.access.vault import (
    DataKey,
    MasterKey,
    PseudonymRole,
    VaultError,
    choose_pseudonym,
    derive_pseudonym_key,
    field_context,
    generate_data_key,
    open_sealed_text,
    pseudonym_candidates,
    seal,
    unwrap_data_key,
    wrap_data_key,
    wrapped_key_id,
)
from amanat.access.visibility import Viewer, visible
from amanat.language.i18n import N_
from amanat.register import Consent, Organisation, Person, Victim
from amanat.register.base import Base, BigId, utcnow

# Which roles of a consented organisation may see the identity, per purpose.
PURPOSE_ROLES: dict[str, frozenset[Role]] = {
    "assistance": frozenset({Role.case_worker}),
    "prosecution": frozenset({Role.investigator, Role.prosecutor}),
    "research": frozenset({Role.analyst}),
}
WITNESS_OWNER_ROLES = frozenset({Role.case_worker, Role.investigator, Role.prosecutor})
# A protected person's own columns that say who she is (besides her names, documents,
# phones and addresses): blanked wherever her record leaves (exports, federation).
PERSON_IDENTITY_COLUMNS = ("birth_year", "birth_month", "birth_day", "birth_place_id", "notes")


class OrgKey(Base):
    """An organisation's data key, wrapped by the master key.

    While a data key rotation runs (``key_rotation``), ``next_wrapped_key`` holds the
    key of version ``key_version + 1``: rows re-sealed so far, and rows sealed
    meanwhile, are under it; the others still under ``wrapped_key``.
    """

    __tablename__ = "org_key"

    org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisation.id"), primary_key=True, autoincrement=False
    )
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    master_key_id: Mapped[str] = mapped_column(String(32), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    key_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    next_wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)


class ProtectedIdentity(Base):
    __tablename__ = "protected_identity"

    person_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    pseudonym: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    sealed: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    # Which version of the organisation's data key sealed it (``OrgKey``).
    key_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")


@dataclass
class Identity:
    """What identifies a protected person; the shape of the sealed document."""

    names: list[dict[str, Any]] = field(default_factory=list)
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    citizenships: list[str] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    addresses: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Revealed:
    pseudonym: str
    identity: Identity | None  # None: the viewer sees the pseudonym only


def data_key(session: Session, master: MasterKey, org_id: int) -> DataKey:
    """The organisation's data key for sealing, created and wrapped on first use."""
    return sealing_key(session, master, org_id)[1]


def sealing_key(session: Session, master: MasterKey, org_id: int) -> tuple[int, DataKey]:
    """The version and key new seals use: the next key while a rotation runs, so
    nothing sealed during it is left under the key being retired."""
    row = session.get(OrgKey, org_id)
    if row is None:
        key = generate_data_key()
        wrapped = wrap_data_key(master, key, org_id)
        session.add(
            OrgKey(
                org_id=org_id,
                wrapped_key=wrapped,
                master_key_id=wrapped_key_id(wrapped),
                key_version=1,
            )
        )
        session.flush()
        return 1, key
    if row.next_wrapped_key is not None:
        return row.key_version + 1, unwrap_data_key(master, row.next_wrapped_key, org_id)
    return row.key_version, unwrap_data_key(master, row.wrapped_key, org_id)


def opening_key(session: Session, master: MasterKey, org_id: int, version: int) -> DataKey:
    """The key of ``version`` (the current one, or the next while a rotation runs)."""
    row = session.get(OrgKey, org_id)
    if row is not None and version == row.key_version:
        return unwrap_data_key(master, row.wrapped_key, org_id)
    if row is not None and row.next_wrapped_key is not None and version == row.key_version + 1:
        return unwrap_data_key(master, row.next_wrapped_key, org_id)
    raise VaultError(
        N_("organisation %(org_id)s holds no data key of version %(version)s"),
        org_id=org_id,
        version=version,
    )


def protect(
    session: Session,
    master: MasterKey,
    person: Person,
    identity: Identity,
    role: PseudonymRole = PseudonymRole.VICTIM,
) -> str:
    """Seal ``identity`` for ``person`` (already flushed); return its pseudonym."""
    person.is_protected = True
    version, key = sealing_key(session, master, person.org_id)
    document = json.dumps(asdict(identity), ensure_ascii=False, sort_keys=True)
    sealed = seal(key, document, field_context("person", person.id, "identity"))
    protected_names.write(session, master, person.id, person.org_id, identity.names)
    existing = session.get(ProtectedIdentity, person.id)
    if existing is not None:
        existing.sealed, existing.key_version = sealed, version
        return existing.pseudonym
    country = session.scalar(select(Organisation.country).where(Organisation.id == person.org_id))
    candidates = pseudonym_candidates(
        derive_pseudonym_key(master), role, country or "XX", person.id
    )

    def taken(name: str) -> bool:
        query = select(ProtectedIdentity.person_id).where(ProtectedIdentity.pseudonym == name)
        return session.scalar(query) is not None

    pseudonym = choose_pseudonym(candidates, taken)
    session.add(
        ProtectedIdentity(
            person_id=person.id, pseudonym=pseudonym, sealed=sealed, key_version=version
        )
    )
    session.flush()
    return pseudonym


def may_reveal(session: Session, viewer: Viewer, person: Person, purpose: str) -> bool:
    is_victim = session.scalar(select(exists().where(Victim.person_id == person.id)))
    if viewer.org_id == person.org_id:
        allowed = {Role.case_worker} if is_victim else WITNESS_OWNER_ROLES
        return viewer.role in allowed
    if viewer.role not in PURPOSE_ROLES.get(purpose, frozenset()):
        return False
    consent = (
        select(Consent.id)
        .join(Victim, Victim.id == Consent.victim_id)
        .where(
            Victim.person_id == person.id,
            Consent.purpose == purpose,
            Consent.withdrawn_on.is_(None),
            # She may agree to share her record without saying who she is.
            Consent.identity.is_(True),
            or_(Consent.granted_to_org_id == viewer.org_id, Consent.granted_to_org_id.is_(None)),
        )
    )
    return session.scalar(consent.limit(1)) is not None


def reveal(
    session: Session, master: MasterKey | None, viewer: Viewer, person_id: int, purpose: str
) -> Revealed:
    """The identity if the viewer may see it for ``purpose``, else the pseudonym only.

    A person the viewer may not see at all is reported as not found.
    """
    person = session.scalar(select(Person).where(Person.id == person_id, visible(Person, viewer)))
    protected = session.get(ProtectedIdentity, person_id)
    if person is not None and protected is None and person.origin_node_id is not None:
        return _reveal_copy(session, master, viewer, person, purpose)
    if person is None or protected is None:
        raise NotFound(N_("person %(person_id)s not found"), person_id=person_id)
    allowed = master is not None and may_reveal(session, viewer, person, purpose)
    _audit_reveal(session, viewer, person, purpose, allowed)
    if not allowed or master is None:
        return Revealed(protected.pseudonym, None)
    return Revealed(protected.pseudonym, open_identity(session, master, protected, person.org_id))


def _reveal_copy(
    session: Session, master: MasterKey | None, viewer: Viewer, person: Person, purpose: str
) -> Revealed:
    """A copy from a peer: the identity its origin sealed to this node for one
    organisation and purpose, to that organisation's roles for the purpose only."""
    from amanat.access import copied_identity  # it builds on this module's keys

    found = copied_identity.kept_for(session, person.id, viewer.org_id, purpose)
    if found is None:
        raise NotFound(N_("person %(person_id)s not found"), person_id=person.id)
    pseudonym, row = found
    allowed = (
        master is not None
        and row is not None
        and viewer.role in PURPOSE_ROLES.get(purpose, frozenset())
    )
    _audit_reveal(session, viewer, person, purpose, allowed)
    shown = pseudonym or ""
    if not allowed or master is None or row is None:
        return Revealed(shown, None)
    return Revealed(shown, Identity(**copied_identity.opened(session, master, row)))


def _audit_reveal(
    session: Session, viewer: Viewer, person: Person, purpose: str, allowed: bool
) -> None:
    audit_store.append(
        session,
        "reveal_identity" if allowed else "read",
        user_id=viewer.user_id,
        org_id=viewer.org_id,
        target_kind="person",
        target_id=person.id,
        purpose=purpose,
        detail={"owner_org_id": person.org_id, "protected": True, "revealed": allowed},
    )


def open_identity(
    session: Session, master: MasterKey, protected: ProtectedIdentity, org_id: int
) -> Identity:
    """The sealed identity, in memory, with no check and no audit entry: for the callers
    above that check and audit, and for the owner's own encodings (``amanat.discovery``)."""
    key = opening_key(session, master, org_id, protected.key_version)
    context = field_context("person", protected.person_id, "identity")
    return Identity(**json.loads(open_sealed_text(key, protected.sealed, context)))


def reindex_names(session: Session, master: MasterKey, batch: int = 500) -> int:
    """Rebuild every protected person's name index from her sealed identity; return how
    many persons were indexed.  The names are opened in memory only, never logged."""
    done, after = 0, 0
    keys: dict[tuple[int, int], DataKey] = {}
    while True:
        rows = session.execute(
            select(
                ProtectedIdentity.person_id,
                ProtectedIdentity.sealed,
                ProtectedIdentity.key_version,
                Person.org_id,
            )
            .join(Person, Person.id == ProtectedIdentity.person_id)
            .where(ProtectedIdentity.person_id > after)
            .order_by(ProtectedIdentity.person_id)
            .limit(batch)
        ).all()
        if not rows:
            return done
        for person_id, sealed, version, org_id in rows:
            if (org_id, version) not in keys:
                keys[org_id, version] = opening_key(session, master, org_id, version)
            context = field_context("person", person_id, "identity")
            text = open_sealed_text(keys[org_id, version], sealed, context)
            names = json.loads(text).get("names", [])
            protected_names.write(session, master, person_id, org_id, names)
        done += len(rows)
        after = rows[-1][0]
