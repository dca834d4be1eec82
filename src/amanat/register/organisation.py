"""Organisations that submit and use data, and the sources records rest on."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from amanat.register.base import (
    READ,
    Base,
    BigId,
    Provenance,
    country_column,
    event_date,
    id_column,
    ref,
    text,
    utcnow,
    vocab,
)
from amanat.register.system import SetBy, Shown, system

# The language of ``Organisation.name``: every organisation has a name in it.
ENGLISH = "en"


class Organisation(Base):
    """A police force, court, NGO, regional centre ... that submits or reads records.

    Organisations are the subjects of sharing, not assertions themselves, so they
    carry no provenance; administrators register them.

    ``name`` and ``short_name`` are the English names: the directory's name of record,
    the one exchanges (STIX, FtM) carry and the last fallback of ``name_in``.  The
    names in other languages are ``names`` (``OrganisationName``); ``language`` is the
    organisation's own working language, the first fallback for a reader whose
    language it has no name in.
    """

    __tablename__ = "organisation"

    id: Mapped[int] = id_column()
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    short_name: Mapped[str | None] = text(80)
    language: Mapped[str | None] = vocab("language")
    kind: Mapped[str] = vocab("organisation_kind", nullable=False)
    country: Mapped[str | None] = country_column()
    parent_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("organisation.id"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, info=system(SetBy.REGISTER, *READ)
    )
    # The node it works on; empty for this node.  An organisation of another node is
    # registered here so that sharing groups and named shares can include it.
    # Set by ``organisation.add --node``; a local id, so not in the API's answers
    # (``amanat node list`` counts the organisations of each node).
    node_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("node.id"), info=system(SetBy.OWN_ACTION, Shown.EXPORT)
    )

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])
    # Loaded with the organisation: nearly every page that names one names it in the
    # reader's language.
    names: Mapped[list[OrganisationName]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="OrganisationName.language"
    )

    def __repr__(self) -> str:
        return f"Organisation({self.code})"

    def name_in(self, language: str, *, short: bool = False) -> str:
        """The name for a reader of ``language``: in that language, else in the
        organisation's own, else in English; ``short``: the short name where one is
        given in that language (the full name otherwise)."""
        own = {n.language: n for n in self.names}
        for lang in (language, self.language):
            if lang == ENGLISH:
                break
            found = own.get(lang) if lang else None
            if found is not None:
                return (found.short_name if short else None) or found.name
        return (self.short_name if short else None) or self.name


class OrganisationName(Base):
    """An organisation's name (and short name) in a language other than English."""

    __tablename__ = "organisation_name"
    __table_args__ = (
        UniqueConstraint("organisation_id", "language", name="uq_organisation_name_language"),
    )

    id: Mapped[int] = id_column()
    organisation_id: Mapped[int] = ref("organisation.id")
    language: Mapped[str] = vocab("language", nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    short_name: Mapped[str | None] = text(80)

    def __repr__(self) -> str:
        return f"OrganisationName({self.organisation_id}, {self.language})"


class Source(Provenance, Base):
    """A document or report that records rest on: an agency file, a court decision,
    an NGO report, a media article, a researcher's notes."""

    __tablename__ = "source"

    id: Mapped[int] = id_column()
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    reference: Mapped[str | None] = text(200)
    published_on: Mapped[dt.date | None] = event_date()
    url: Mapped[str | None] = text(1000)
    language: Mapped[str | None] = vocab("language")
    # SHA-256 of an uploaded file, so the same document is recognised again.
    content_sha256: Mapped[str | None] = text(64)
