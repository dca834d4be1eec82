"""Cases, the charges brought in them, and the roles people play in them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from amanat.register import checks
from amanat.register.base import (
    Base,
    BigId,
    Provenance,
    country_column,
    event_date,
    id_column,
    ref,
    text,
    vocab,
)
from amanat.register.reasons import Unfit


class Case(Provenance, Base):
    __tablename__ = "case_file"  # "case" is an SQL keyword
    record_constraints = (Index("ix_case_file_type_jurisdiction", "case_type", "jurisdiction"),)

    id: Mapped[int] = id_column()
    case_type: Mapped[str] = vocab("case_type", nullable=False)
    jurisdiction: Mapped[str] = country_column(nullable=False)
    # The case number in the owning organisation's own system.
    case_number: Mapped[str | None] = mapped_column(String(80), index=True)
    title: Mapped[str | None] = text(300)
    status: Mapped[str] = vocab("case_status", nullable=False, default="reported")
    opened_on: Mapped[dt.date | None] = event_date(index=True)
    closed_on: Mapped[dt.date | None] = event_date()
    summary: Mapped[str | None] = text()

    charges: Mapped[list[Charge]] = relationship(cascade="all, delete-orphan")
    roles: Mapped[list[CaseRole]] = relationship(cascade="all, delete-orphan")

    def check_record(self) -> None:
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            raise checks.InvalidValue(
                "case.closed_on",
                self.closed_on.isoformat(),
                Unfit("before_opened_on", date=self.opened_on.isoformat()),
            )


class Charge(Base):
    """A penal-code article charged in a case, per country ("KZ CC 128 part 3")."""

    __tablename__ = "charge"

    id: Mapped[int] = id_column()
    case_id: Mapped[int] = ref("case_file.id")
    person_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    country: Mapped[str] = country_column(nullable=False)
    article: Mapped[str] = mapped_column(String(40), nullable=False)
    part: Mapped[str | None] = text(20)
    description: Mapped[str | None] = text(300)


NON_PERPETRATOR_ROLES = frozenset({"victim", "witness"})


class CaseRole(Provenance, Base):
    """What a person is in a case: suspect, accused, victim, witness, facilitator ..."""

    __tablename__ = "case_role"

    id: Mapped[int] = id_column()
    case_id: Mapped[int] = ref("case_file.id")
    person_id: Mapped[int] = ref("person.id")
    role: Mapped[str] = vocab("case_role", nullable=False)
    perpetrator_role: Mapped[str | None] = vocab("perpetrator_role")
    facilitator_kind: Mapped[str | None] = vocab("facilitator_kind")
    is_public_official: Mapped[bool] = mapped_column(default=False, nullable=False)
    official_position: Mapped[str | None] = text(200)
    # The organisation employing the official, when it is one in the register.
    official_employer_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("organisation.id"))

    def check_record(self) -> None:
        # A border guard may be charged as a suspect and still be a facilitator;
        # only victims and witnesses cannot carry perpetrator attributes.
        if self.role in NON_PERPETRATOR_ROLES:
            for field in ("perpetrator_role", "facilitator_kind"):
                value = getattr(self, field)
                if value:
                    raise checks.InvalidValue(
                        f"case_role.{field}", value, Unfit("not_this_role", role=repr(self.role))
                    )
