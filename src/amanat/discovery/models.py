"""The tables of hit/no-hit discovery: the owners' settings, the encodings of their
discoverable records, and the hits answered (the opaque references a later request
for information will name)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from amanat.register.base import Base, BigId, id_column, ref, utcnow, vocab


class DiscoverySetting(Base):
    """The owner's explicit choice for one person record; none: the default by role
    (``amanat.discovery.setting``)."""

    __tablename__ = "discovery_setting"

    id: Mapped[int] = id_column()
    person_id: Mapped[int] = ref("person.id", index=False)
    setting: Mapped[str] = vocab("discoverability", nullable=False)
    set_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )

    __table_args__ = (Index("ix_discovery_setting_person_id", "person_id", unique=True),)


class DiscoveryEncoding(Base):
    """One encoding of a discoverable record: its name's Bloom filter, or the keyed
    HMAC of one exact identifier.  ``key_id`` names the key that made it: a query
    compares only encodings of the key it is encoded with."""

    __tablename__ = "discovery_encoding"

    id: Mapped[int] = id_column()
    person_id: Mapped[int] = ref("person.id")
    org_id: Mapped[int] = ref("organisation.id", index=False)
    key_id: Mapped[str] = mapped_column(String(16), nullable=False)
    # "name" (salted with the year of birth), "name_unsalted", "document", "phone",
    # "birth_name" (see ``amanat.discovery.encoding``).
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    value: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)

    __table_args__ = (Index("ix_discovery_encoding_kind_value", "kind", "value"),)


class DiscoveryHit(Base):
    """A record a query hit: what the holder's side keeps, under the reference the
    asker was given (the asker never sees the record's id)."""

    __tablename__ = "discovery_hit"

    id: Mapped[int] = id_column()
    reference: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    person_id: Mapped[int] = ref("person.id")
    holder_org_id: Mapped[int] = ref("organisation.id", index=False)
    asker_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))
    asker_org_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("organisation.id"))
    band: Mapped[str] = mapped_column(String(12), nullable=False)
    legal_basis: Mapped[str] = vocab("legal_basis", nullable=False)
    purpose: Mapped[str] = mapped_column(Text, nullable=False)
    asked_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )


class InformationRequest(Base):
    """A request for information after a hit (Prüm: data only on request): the asker's
    organisation asks the holder of the records one reference hit, and the holder
    releases all of them, chosen parts, or nothing, with a reason.

    What the asker was shown of the holder at the hit (``shown_holder``,
    ``shown_country``) is all it sees of the holder until the holder releases."""

    __tablename__ = "information_request"

    id: Mapped[int] = id_column()
    reference: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    holder_org_id: Mapped[int] = ref("organisation.id")
    asker_org_id: Mapped[int] = ref("organisation.id")
    asker_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))
    shown_holder: Mapped[str | None] = mapped_column(String(40))
    shown_country: Mapped[str | None] = mapped_column(String(2))
    purpose: Mapped[str] = mapped_column(Text, nullable=False)
    legal_basis: Mapped[str] = vocab("legal_basis", nullable=False)
    urgency: Mapped[str] = mapped_column(String(12), nullable=False)
    # The handling code the asker accepts for what is released.
    handling: Mapped[str] = vocab("handling_code", nullable=False)
    requested_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # pending, approved (everything), partial (chosen parts) or declined.
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="pending")
    decided_by_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The holder's reason for declining, or its note with a release.
    decision_note: Mapped[str | None] = mapped_column(Text)
    # Released: the person records' sections (comma-separated) and linked records
    # ("kind:id", comma-separated; each shared with the asker's organisation).
    released_sections: Mapped[str | None] = mapped_column(Text)
    released_records: Mapped[str | None] = mapped_column(Text)
