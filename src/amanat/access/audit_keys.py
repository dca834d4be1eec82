"""The audit checkpoint signing keys' periods, kept beside the trail.

Each rotation (``amanat audit rotate-signing-key``) closes the period of the key in
use and opens one for the new key, at the moment of the rotation; verification
(``audit_store.verify_stored``) then refuses a checkpoint signed by a key outside its
period, and ``audit_store.checkpoint_now`` refuses to sign with a retired key.  Before
the first rotation no period is recorded and any given verify key is accepted, as
it always was.

The periods only narrow what a verify key is trusted for: the keys themselves come
from the auditor (``--verify-key``), never from the database.
"""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import DateTime, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from amanat.access.audit import public_key_base64, public_key_id
from amanat.access.audit.key_period import KeyPeriod
from amanat.language.i18n import N_
from amanat.language.refusal import Refusal
from amanat.register.base import Base


class AuditSigningKey(Base):
    __tablename__ = "audit_signing_key"

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64), nullable=False)
    valid_from: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    valid_to: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class SigningKeyRefused(Refusal, ValueError):
    """A key that may not sign, or may not start a period, here."""


def _utc(when: dt.datetime | None) -> dt.datetime | None:
    # SQLite returns naive datetimes; the trail is UTC throughout.
    if when is None:
        return None
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def periods(session: Session) -> dict[str, KeyPeriod]:
    """Every recorded period, by key id."""
    rows = session.scalars(select(AuditSigningKey)).all()
    return {
        row.key_id: KeyPeriod(row.key_id, row.public_key, _utc(row.valid_from), _utc(row.valid_to))
        for row in rows
    }


def check_may_sign(session: Session, key_id: str) -> None:
    """Refuse a retired key, or any key but the current one once periods are recorded."""
    recorded = periods(session)
    if not recorded:
        return
    period = recorded.get(key_id)
    if period is None or period.valid_to is not None:
        current = next((p.key_id for p in recorded.values() if p.valid_to is None), "none")
        state = "unknown" if period is None else "retired"
        raise SigningKeyRefused(
            N_("audit signing key %(key_id)s is %(state)s; the current signing key is %(current)s"),
            key_id=key_id,
            state=state,
            current=current,
        )


def record_rotation(
    session: Session, old: Ed25519PublicKey, new: Ed25519PublicKey, at: dt.datetime
) -> None:
    """Retire ``old`` at ``at`` and start ``new``'s period there."""
    old_id, new_id = public_key_id(old), public_key_id(new)
    if old_id == new_id:
        raise SigningKeyRefused(
            N_("the new signing key %(new_id)s is the key in use already"), new_id=new_id
        )
    check_may_sign(session, old_id)
    if session.get(AuditSigningKey, new_id) is not None:
        raise SigningKeyRefused(
            N_("the new signing key %(new_id)s has signed before: use a new key"), new_id=new_id
        )
    row = session.get(AuditSigningKey, old_id)
    if row is None:
        row = AuditSigningKey(key_id=old_id, public_key=public_key_base64(old), valid_from=None)
        session.add(row)
    row.valid_to = at
    session.add(AuditSigningKey(key_id=new_id, public_key=public_key_base64(new), valid_from=at))
    session.flush()
