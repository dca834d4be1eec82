"""Organisations that submit and use data, and the sources records rest on."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from amanat.register.base import (
    READ,
    Base,
    BigId,
    Provenance,
    country_column,
    event_date,
    id_column,
    text,
    utcnow,
    vocab,
)
from amanat.register.system import SetBy, Shown, system


class Organisation(Base):
    """A police force, court, NGO, regional centre ... that submits or reads records.

    Organisations are the subjects of sharing, not assertions themselves, so they
    carry no provenance; administrators register them.
    """

    __tablename__ = "organisation"

    id: Mapped[int] = id_column()
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    name_local: Mapped[str | None] = text(200)
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

    def __repr__(self) -> str:
        return f"Organisation({self.code})"


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
