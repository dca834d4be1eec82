"""Victims' identities that reached this node from their origin, under her consent.

A protected person's identity leaves her origin node only for an organisation she
consented to share it with, working on this node, sealed to this node's key
(``federation.sealing``).  Opened here on receipt, it is sealed again at once with
that organisation's data key, as a local victim's identity is with her owner's
(``identity_vault``), and kept per organisation and purpose: the vault reveals it only
to that organisation's roles for the purpose, and everyone else sees the pseudonym.
The copy's owner is an organisation of another node, which holds no key here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from amanat.access.identity_vault import opening_key, sealing_key
from amanat.access.vault import MasterKey, field_context, open_sealed_text, seal
from amanat.register.base import Base, BigId

PURPOSE_LENGTH = 40


class CopiedIdentity(Base):
    """A peer's protected person's identity, sealed for one organisation here."""

    __tablename__ = "federation_identity"

    person_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    purpose: Mapped[str] = mapped_column(String(PURPOSE_LENGTH), primary_key=True)
    pseudonym: Mapped[str | None] = mapped_column(String(20))
    sealed: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    key_version: Mapped[int] = mapped_column(Integer, nullable=False)


def _context(person_id: int, org_id: int, purpose: str) -> str:
    return field_context("person", person_id, f"identity-for-{org_id}-{purpose}")


def forget(session: Session, person_ids: Sequence[int]) -> None:
    """Drop the identities of these copies (rewritten by a newer version, withdrawn)."""
    if person_ids:
        session.execute(delete(CopiedIdentity).where(CopiedIdentity.person_id.in_(person_ids)))


def keep(
    session: Session,
    master: MasterKey,
    person_id: int,
    pseudonym: str | None,
    identities: Iterable[tuple[int, str, dict[str, Any]]],
) -> None:
    """Seal each (organisation, purpose, identity) with the organisation's data key."""
    for org_id, purpose, identity in identities:
        version, key = sealing_key(session, master, org_id)
        document = json.dumps(identity, ensure_ascii=False, sort_keys=True)
        session.add(
            CopiedIdentity(
                person_id=person_id,
                org_id=org_id,
                purpose=purpose,
                pseudonym=pseudonym,
                sealed=seal(key, document, _context(person_id, org_id, purpose)),
                key_version=version,
            )
        )


def kept_for(
    session: Session, person_id: int, org_id: int | None, purpose: str
) -> tuple[str | None, CopiedIdentity | None] | None:
    """The copy's pseudonym and its identity kept for the organisation and purpose;
    None if no identity of hers reached this node at all."""
    rows = list(
        session.scalars(select(CopiedIdentity).where(CopiedIdentity.person_id == person_id))
    )
    if not rows:
        return None
    mine = next((r for r in rows if r.org_id == org_id and r.purpose == purpose), None)
    return rows[0].pseudonym, mine


def opened(session: Session, master: MasterKey, row: CopiedIdentity) -> dict[str, Any]:
    key = opening_key(session, master, row.org_id, row.key_version)
    text = open_sealed_text(key, row.sealed, _context(row.person_id, row.org_id, row.purpose))
    found: dict[str, Any] = json.loads(text)
    return found
