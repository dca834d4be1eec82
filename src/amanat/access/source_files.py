"""The file of a source document, kept in the database, sealed.

A court decision or an NGO report can name victims and witnesses, so the file is
sealed (AES-256-GCM, ``vault.seal``) with the data key of the organisation that
uploaded it, bound to its source record: a database dump or backup shows neither
its text nor, to within 32 bytes, its size.  Reading it goes through the source's
visibility rule and the audit trail (the caller's job: ``read_record`` first).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from amanat.access.identity_vault import opening_key, sealing_key
from amanat.access.vault import MasterKey, field_context, open_sealed, seal
from amanat.language.i18n import N_
from amanat.language.refusal import Refusal
from amanat.register.base import Base, BigId, utcnow

# Files live in the database (one transaction with their record, in every backup);
# large evidence archives belong in a document store, not here.
MAX_FILE_BYTES = 20 * 1024 * 1024


class SourceFile(Base):
    __tablename__ = "source_file"

    source_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("source.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    # Whose data key sealed it: the uploading organisation, owner of the source.
    org_id: Mapped[int] = mapped_column(BigId, ForeignKey("organisation.id"), nullable=False)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sealed: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    uploaded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    # Which version of the organisation's data key sealed it (``identity_vault.OrgKey``).
    key_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")


class FileTooLarge(Refusal, ValueError):
    """The file is over ``MAX_FILE_BYTES``."""


def _context(source_id: int) -> str:
    return field_context("source", source_id, "file")


def store(
    session: Session,
    master: MasterKey,
    org_id: int,
    source_id: int,
    filename: str,
    content_type: str,
    content: bytes,
) -> SourceFile:
    if len(content) > MAX_FILE_BYTES:
        raise FileTooLarge(N_("the file is larger than %(size)s bytes"), size=MAX_FILE_BYTES)
    version, key = sealing_key(session, master, org_id)
    row = SourceFile(
        source_id=source_id,
        org_id=org_id,
        filename=filename[:255],
        content_type=content_type[:100],
        size=len(content),
        sealed=seal(key, content, _context(source_id)),
        key_version=version,
    )
    session.add(row)
    session.flush()
    return row


def open_file(session: Session, master: MasterKey, row: SourceFile) -> bytes:
    """The file's bytes; ``VaultError`` if the seal does not open (wrong key, altered)."""
    key = opening_key(session, master, row.org_id, row.key_version)
    return open_sealed(key, row.sealed, _context(row.source_id))


def context_of(source_id: int) -> str:
    """The seal context of a source's file (for re-sealing it under a new key)."""
    return _context(source_id)
