"""Victims, in the HTCDS vocabularies: status, exploitation, control, recruitment,
movement, assistance and consent.

The victim's identity (names, date of birth, documents) sits on the linked person
record, which is protected; the fields here are what statistics and assistance
need, and carry no identity.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, SmallInteger, true
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


class Victim(Provenance, Base):
    __tablename__ = "victim"

    id: Mapped[int] = id_column()
    person_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("case_file.id", ondelete="SET NULL"), index=True
    )
    trafficking_status: Mapped[str] = vocab(
        "trafficking_status", nullable=False, default="PossibleVictim"
    )
    status_decided_by: Mapped[str | None] = vocab("status_decider")
    sex: Mapped[str | None] = vocab("sex")
    gender_identity: Mapped[str | None] = vocab("gender_identity")
    age_at_exploitation: Mapped[int | None] = mapped_column(
        SmallInteger, info={"check": checks.between(0, 120)}
    )
    citizenship: Mapped[str | None] = country_column(index=True)
    recruitment_method: Mapped[str | None] = vocab("recruitment_method")
    recruiter_relationship: Mapped[str | None] = vocab("recruiter_relationship")
    identified_on: Mapped[dt.date | None] = event_date(index=True)
    # Non-punishment: was the victim charged for what traffickers made them do?
    charged_with_offence: Mapped[bool] = mapped_column(default=False, nullable=False)
    charged_offence: Mapped[str | None] = text(300)

    exploitation: Mapped[list[VictimExploitation]] = relationship(cascade="all, delete-orphan")
    means_of_control: Mapped[list[VictimControl]] = relationship(cascade="all, delete-orphan")
    movements: Mapped[list[Movement]] = relationship(
        cascade="all, delete-orphan", order_by="Movement.sequence"
    )
    assistance: Mapped[list[Assistance]] = relationship(cascade="all, delete-orphan")
    consents: Mapped[list[Consent]] = relationship(cascade="all, delete-orphan")

    def check_record(self) -> None:
        if self.charged_offence and not self.charged_with_offence:
            raise checks.InvalidValue(
                "victim.charged_offence",
                self.charged_offence,
                Unfit("not_charged"),
            )


class VictimExploitation(Base):
    __tablename__ = "victim_exploitation"

    id: Mapped[int] = id_column()
    victim_id: Mapped[int] = ref("victim.id")
    form: Mapped[str] = vocab("exploitation_form", nullable=False)
    sex_exploitation_type: Mapped[str | None] = vocab("sex_exploitation_type")
    labour_sector: Mapped[str | None] = vocab("labour_sector")

    def check_record(self) -> None:
        if self.sex_exploitation_type and self.form != "SexualExploitation":
            raise checks.InvalidValue(
                "victim_exploitation.sex_exploitation_type",
                self.sex_exploitation_type,
                Unfit("not_this_form", form=repr(self.form)),
            )


class VictimControl(Base):
    __tablename__ = "victim_control"

    id: Mapped[int] = id_column()
    victim_id: Mapped[int] = ref("victim.id")
    means: Mapped[str] = vocab("means_of_control", nullable=False)


class Movement(Base):
    """One step of a victim's journey: where recruited, through where, exploited where."""

    __tablename__ = "movement"

    id: Mapped[int] = id_column()
    victim_id: Mapped[int] = ref("victim.id")
    sequence: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    stage: Mapped[str] = vocab("movement_stage", nullable=False)
    country: Mapped[str] = country_column(nullable=False)
    place_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("place.id"))
    started_on: Mapped[dt.date | None] = event_date()
    ended_on: Mapped[dt.date | None] = event_date()

    def check_record(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise checks.InvalidValue(
                "movement.ended_on", self.ended_on.isoformat(), Unfit("before_started_on")
            )


class Assistance(Base):
    """A service given or a referral made: shelter, medical, legal, repatriation ..."""

    __tablename__ = "assistance"

    id: Mapped[int] = id_column()
    victim_id: Mapped[int] = ref("victim.id")
    kind: Mapped[str] = vocab("assistance_kind", nullable=False)
    status: Mapped[str] = vocab("assistance_status", nullable=False, default="referred")
    provider_org_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("organisation.id"))
    referred_on: Mapped[dt.date | None] = event_date()
    completed_on: Mapped[dt.date | None] = event_date()
    note: Mapped[str | None] = text()


class Consent(Base):
    """The victim's consent to share with an organisation for one purpose."""

    __tablename__ = "consent"

    id: Mapped[int] = id_column()
    victim_id: Mapped[int] = ref("victim.id")
    purpose: Mapped[str] = vocab("consent_purpose", nullable=False)
    # Empty: consent to the purpose with any organisation the owner shares with.
    granted_to_org_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("organisation.id"))
    given_on: Mapped[dt.date] = event_date(nullable=False)
    withdrawn_on: Mapped[dt.date | None] = event_date()
    # Whether the organisation may be shown who she is (the sealed identity), or only
    # her record under its pseudonym: she may agree to be referred without her name.
    identity: Mapped[bool] = mapped_column(default=True, server_default=true(), nullable=False)
