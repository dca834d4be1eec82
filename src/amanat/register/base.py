"""Declarative base, column helpers and the provenance every record carries.

A record is an assertion by an organisation: every table of assertions mixes in
``Provenance`` — who submitted it and when, from what source, how reliable the
source and how credible the information (Admiralty grading), and how it may be
shared (TLP marking and handling code).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from amanat.register import checks
from amanat.register.system import SetBy, Shown, system

# SQLite aliases the rowid only for a column declared exactly INTEGER; PostgreSQL
# gets BIGINT so the large region (millions of rows per table) never overflows.
BigId = BigInteger().with_variant(Integer(), "sqlite")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# Where most system fields appear: everywhere a domain field does but the record page
# (provenance has its own section) and the import mapping (see amanat.register.system).
EVERYWHERE = tuple(Shown)
READ = (Shown.ANSWER, Shown.EXPORT, Shown.SPREADSHEET)


def new_global_id() -> str:
    """A record's identity across every node of a federation: a random (version 4) UUID
    in its canonical text form, which every door, export and database reads alike."""
    return str(uuid.uuid4())


def new_global_ids(count: int) -> list[str]:
    """``count`` ids as ``new_global_id`` makes them, from one read of the system's
    random source: an import of a million rows spent about 3 % of its time in
    ``uuid.uuid4``, an object and a read per id."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # the RFC 4122 variant
    h = raw.hex()
    return [
        f"{h[i : i + 8]}-{h[i + 8 : i + 12]}-{h[i + 12 : i + 16]}-{h[i + 16 : i + 20]}-"
        f"{h[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


# The canonical text form of a UUID.
GLOBAL_ID_LENGTH = 36


def id_column() -> Mapped[int]:
    return mapped_column(
        BigId, primary_key=True, autoincrement=True, info=system(SetBy.REGISTER, *READ)
    )


def ref(target: str, *, nullable: bool = False, index: bool = True) -> Mapped[Any]:
    """A foreign key to ``target`` ("table.id"); child rows go with their parent."""
    return mapped_column(
        BigId, ForeignKey(target, ondelete="CASCADE"), nullable=nullable, index=index
    )


def vocab(
    name: str,
    *,
    nullable: bool = True,
    default: str | None = None,
    length: int = 40,
    info: dict[str, Any] | None = None,
) -> Mapped[Any]:
    """A column holding a code of the vocabulary ``name`` (checked on set)."""
    return mapped_column(
        String(length),
        nullable=nullable,
        default=default,
        info={"check": checks.in_vocabulary(name), "vocabulary": name, **(info or {})},
    )


def country_column(*, nullable: bool = True, index: bool = False) -> Mapped[Any]:
    """An ISO 3166-1 alpha-2 country code (checked, upper-cased on set)."""
    return mapped_column(
        String(2),
        nullable=nullable,
        index=index,
        info={"check": checks.country_code, "vocabulary": "country"},
    )


def quantity(kind: Any = Integer) -> Mapped[Any]:
    """A non-negative amount (kilograms, rounds, months, money)."""
    return mapped_column(kind, nullable=True, info={"check": checks.non_negative})


def event_date(*, nullable: bool = True, index: bool = False) -> Mapped[Any]:
    """A date something happened: after 1900 and not in the future."""
    return mapped_column(
        Date, nullable=nullable, index=index, info={"check": checks.plausible_date}
    )


def text(length: int | None = None, *, nullable: bool = True) -> Mapped[Any]:
    return mapped_column(String(length) if length else Text, nullable=nullable)


class Provenance:
    """Who asserted a record, on what basis, and how it may be shared."""

    # The record's identity across the federation (``id`` stays its id in this register).
    # First among the provenance columns, so the demo's rows keep the markings at the
    # same places from their end (amanat.demo.region.publication).
    global_id: Mapped[str] = mapped_column(
        String(GLOBAL_ID_LENGTH),
        nullable=False,
        default=new_global_id,
        unique=True,
        index=True,
        info=system(SetBy.REGISTER, Shown.ANSWER, Shown.EXPORT),
    )
    # The node the record was made on; empty for this node's own records, so that a
    # record never depends on this node's identity existing yet (``amanat node init``).
    origin_node_id: Mapped[int | None] = mapped_column(
        BigId,
        ForeignKey("node.id"),
        nullable=True,
        index=False,
        info=system(SetBy.REGISTER, Shown.EXPORT),
    )

    org_id: Mapped[int] = mapped_column(
        BigId,
        ForeignKey("organisation.id"),
        nullable=False,
        index=True,
        info=system(SetBy.REGISTER, *EVERYWHERE),
    )
    # The submitting organisation's own id for the record: re-imports update it.
    external_id: Mapped[str | None] = mapped_column(
        String(128), nullable=True, info=system(SetBy.SUBMITTER, *EVERYWHERE)
    )
    submitted_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True),
        nullable=False,
        default=utcnow,
        server_default=func.now(),
        info=system(SetBy.REGISTER, *READ),
    )
    # A list filters on it as ``updated_since``, for clients that keep a copy in sync.
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True),
        nullable=False,
        default=utcnow,
        onupdate=utcnow,
        info=system(SetBy.REGISTER, *EVERYWHERE),
    )
    # Shown in the spreadsheet too: its Sources sheet lists the sources by id.
    source_id: Mapped[int | None] = mapped_column(
        BigId,
        ForeignKey("source.id"),
        nullable=True,
        index=False,
        info=system(SetBy.SUBMITTER, *EVERYWHERE),
    )
    source_kind: Mapped[str] = vocab(
        "source_kind",
        nullable=False,
        default="agency_record",
        info=system(SetBy.SUBMITTER, *EVERYWHERE),
    )
    # Admiralty grading; F/6 mean "cannot be judged", the honest default.
    reliability: Mapped[str] = vocab(
        "reliability",
        nullable=False,
        default="F",
        length=1,
        info=system(SetBy.SUBMITTER, *EVERYWHERE),
    )
    credibility: Mapped[str] = vocab(
        "credibility",
        nullable=False,
        default="6",
        length=1,
        info=system(SetBy.SUBMITTER, *EVERYWHERE),
    )
    # AMBER by default: nothing leaves the owner's circle unless someone decides so.
    tlp: Mapped[str] = vocab(
        "tlp", nullable=False, default="AMBER", info=system(SetBy.SUBMITTER, *EVERYWHERE)
    )
    handling: Mapped[str] = vocab(
        "handling_code", nullable=False, default="H0", info=system(SetBy.SUBMITTER, *EVERYWHERE)
    )
    # Who the record reaches (see amanat.access.visibility); the owner alone by default.
    # Changed by its originator through ``record.distribution``, within what the TLP allows.
    distribution: Mapped[str] = vocab(
        "distribution",
        nullable=False,
        default="owner",
        info=system(SetBy.OWN_ACTION, *EVERYWHERE),
    )
    # Not in the spreadsheet: a group's id says nothing to an official, and no sheet
    # lists the groups.
    sharing_group_id: Mapped[int | None] = mapped_column(
        BigId,
        ForeignKey("sharing_group.id"),
        nullable=True,
        info=system(SetBy.OWN_ACTION, Shown.ANSWER, Shown.EXPORT, Shown.FILTER),
    )
    # The version an update is made against: bookkeeping, for the API's clients.
    version: Mapped[int] = mapped_column(
        Integer,
        nullable=False,
        default=1,
        info=system(SetBy.REGISTER, Shown.ANSWER, Shown.EXPORT),
    )
    # A deleted record is kept with the reason and appears nowhere at all; it is deleted
    # through ``record.delete`` only, so no request, submission or import names these.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), info=system(SetBy.REGISTER)
    )
    deletion_reason: Mapped[str | None] = mapped_column(Text, info=system(SetBy.REGISTER))

    # Table-level CHECK constraints of the record kind, added to its table args.
    record_constraints: tuple[Any, ...] = ()

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:  # noqa: N805 - SQLAlchemy's own signature
        name = cls.__tablename__  # type: ignore[attr-defined]
        return (
            UniqueConstraint("org_id", "external_id", name=f"uq_{name}_org_external"),
            *cls.record_constraints,
        )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy's own signature
        # Optimistic locking: a stale update raises StaleDataError, nothing is lost.
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
