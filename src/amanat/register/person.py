"""People as one organisation recorded them: names as written, partial dates of
birth, citizenships, identity documents, phones and addresses.

A person record is one organisation's assertion about someone; the same human
being usually has several records, from several agencies and in several scripts.
Resolution links them later without rewriting them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from amanat.register import checks
from amanat.register.base import (
    EVERYWHERE,
    Base,
    BigId,
    Provenance,
    country_column,
    id_column,
    ref,
    text,
    vocab,
)
from amanat.register.reasons import Unfit
from amanat.register.system import SetBy, system


class Person(Provenance, Base):
    __tablename__ = "person"
    record_constraints = (
        CheckConstraint("birth_month IS NULL OR birth_month BETWEEN 1 AND 12", name="month"),
        CheckConstraint("birth_day IS NULL OR birth_day BETWEEN 1 AND 31", name="day"),
        CheckConstraint("birth_day IS NULL OR birth_month IS NOT NULL", name="day_needs_month"),
    )

    id: Mapped[int] = id_column()
    sex: Mapped[str | None] = vocab("sex")
    gender_identity: Mapped[str | None] = vocab("gender_identity")
    # A date of birth is often known only to the year, or the year and month.
    birth_year: Mapped[int | None] = mapped_column(
        SmallInteger, info={"check": checks.year_number}, index=True
    )
    birth_month: Mapped[int | None] = mapped_column(
        SmallInteger, info={"check": checks.month_number}
    )
    birth_day: Mapped[int | None] = mapped_column(SmallInteger, info={"check": checks.day_number})
    birth_place_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("place.id"))
    # Victims and witnesses: their identity is protected (the sharing layer's vault),
    # which a submission asks for and only the vault changes afterwards.
    is_protected: Mapped[bool] = mapped_column(
        default=False, nullable=False, info=system(SetBy.OWN_ACTION, *EVERYWHERE)
    )
    notes: Mapped[str | None] = text()

    names: Mapped[list[PersonName]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonName.id"
    )
    citizenships: Mapped[list[Citizenship]] = relationship(cascade="all, delete-orphan")
    documents: Mapped[list[IdentityDocument]] = relationship(cascade="all, delete-orphan")
    phones: Mapped[list[PersonPhone]] = relationship(cascade="all, delete-orphan")
    addresses: Mapped[list[PersonAddress]] = relationship(cascade="all, delete-orphan")

    def check_record(self) -> None:
        checks.check_partial_date(
            "person.birth_date", self.birth_year, self.birth_month, self.birth_day
        )

    @property
    def birth_date_text(self) -> str | None:
        """ISO 8601 at the precision known: "1985", "1985-03" or "1985-03-14"."""
        if self.birth_year is None:
            return None
        parts = [f"{self.birth_year:04d}"]
        if self.birth_month is not None:
            parts.append(f"{self.birth_month:02d}")
            if self.birth_day is not None:
                parts.append(f"{self.birth_day:02d}")
        return "-".join(parts)


class PersonName(Base):
    """One name as written: the full string kept exactly, with its parts if known."""

    __tablename__ = "person_name"

    id: Mapped[int] = id_column()
    person_id: Mapped[int] = ref("person.id")
    kind: Mapped[str] = vocab("name_kind", nullable=False, default="primary")
    full_name: Mapped[str] = mapped_column(String(300), nullable=False)
    given: Mapped[str | None] = text(120)
    patronymic: Mapped[str | None] = text(120)
    family: Mapped[str | None] = text(120)
    script: Mapped[str | None] = vocab("script")
    language: Mapped[str | None] = vocab("language")

    person: Mapped[Person] = relationship(back_populates="names")

    def check_record(self) -> None:
        if not self.full_name or not self.full_name.strip():
            raise checks.InvalidValue("person_name.full_name", self.full_name, Unfit("empty"))


class Citizenship(Base):
    __tablename__ = "citizenship"

    id: Mapped[int] = id_column()
    person_id: Mapped[int] = ref("person.id")
    country: Mapped[str] = country_column(nullable=False)


class IdentityDocument(Base):
    __tablename__ = "identity_document"

    id: Mapped[int] = id_column()
    person_id: Mapped[int] = ref("person.id")
    doc_type: Mapped[str] = vocab("document_type", nullable=False)
    number: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    issuing_country: Mapped[str | None] = country_column()
    issued_on: Mapped[dt.date | None] = mapped_column(Date, info={"check": checks.plausible_date})
    # An expiry date may lie in the future, so it only has the lower bound.
    expires_on: Mapped[dt.date | None] = mapped_column(Date)

    def check_record(self) -> None:
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise checks.InvalidValue(
                "identity_document.expires_on",
                self.expires_on.isoformat(),
                Unfit("not_after_issued_on", date=self.issued_on.isoformat()),
            )


class PersonPhone(Base):
    """A phone number given as the person's contact in this record."""

    __tablename__ = "person_phone"

    id: Mapped[int] = id_column()
    person_id: Mapped[int] = ref("person.id")
    number: Mapped[str] = mapped_column(String(40), nullable=False, index=True)


class PersonAddress(Base):
    __tablename__ = "person_address"

    id: Mapped[int] = id_column()
    person_id: Mapped[int] = ref("person.id")
    kind: Mapped[str] = vocab("address_kind", nullable=False, default="residence")
    place_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("place.id"))
    line: Mapped[str | None] = text(300)
    country: Mapped[str | None] = country_column()
    valid_from_year: Mapped[int | None] = mapped_column(Integer)
