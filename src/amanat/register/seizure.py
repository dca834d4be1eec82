"""Seizures of drugs, weapons, ammunition and cash, and weapons reported lost or
stolen from storage, so that a seized weapon can be traced by its serial number."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from amanat.register import checks
from amanat.register.base import (
    Base,
    BigId,
    Provenance,
    country_column,
    event_date,
    id_column,
    quantity,
    ref,
    text,
    vocab,
)
from amanat.register.reasons import Unfit


class Seizure(Provenance, Base):
    __tablename__ = "seizure"

    id: Mapped[int] = id_column()
    case_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("case_file.id", ondelete="SET NULL"), index=True
    )
    seized_on: Mapped[dt.date] = event_date(nullable=False, index=True)
    country: Mapped[str] = country_column(nullable=False, index=True)
    place_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("place.id"))
    ammunition_rounds: Mapped[int | None] = quantity()
    cash_amount: Mapped[float | None] = quantity(Numeric(16, 2))
    cash_currency: Mapped[str | None] = vocab("currency")
    # Where the consignment came from and was going, when known.
    origin_country: Mapped[str | None] = country_column()
    destination_country: Mapped[str | None] = country_column()
    concealment: Mapped[str | None] = text(200)

    drugs: Mapped[list[SeizedDrug]] = relationship(cascade="all, delete-orphan")
    weapons: Mapped[list[Weapon]] = relationship(
        back_populates="seizure", foreign_keys="Weapon.seizure_id"
    )

    def check_record(self) -> None:
        if self.cash_amount and not self.cash_currency:
            raise checks.InvalidValue("seizure.cash_currency", None, Unfit("needs_cash_amount"))


class SeizedDrug(Base):
    __tablename__ = "seized_drug"

    id: Mapped[int] = id_column()
    seizure_id: Mapped[int] = ref("seizure.id")
    substance: Mapped[str] = vocab("substance", nullable=False)
    quantity_kg: Mapped[float] = mapped_column(
        Numeric(14, 4), nullable=False, info={"check": checks.non_negative}
    )


class StorageLoss(Provenance, Base):
    """Weapons reported lost or stolen from a depot, armoury or police storage."""

    __tablename__ = "storage_loss"

    id: Mapped[int] = id_column()
    reported_on: Mapped[dt.date] = event_date(nullable=False)
    country: Mapped[str] = country_column(nullable=False)
    place_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("place.id"))
    facility: Mapped[str | None] = text(200)
    circumstances: Mapped[str | None] = text()

    weapons: Mapped[list[Weapon]] = relationship(
        back_populates="storage_loss", foreign_keys="Weapon.storage_loss_id"
    )


class Weapon(Provenance, Base):
    """A firearm, seized or reported lost; one weapon row per observation."""

    __tablename__ = "weapon"

    id: Mapped[int] = id_column()
    weapon_type: Mapped[str] = vocab("weapon_type", nullable=False)
    make: Mapped[str | None] = text(80)
    model: Mapped[str | None] = text(80)
    calibre: Mapped[str | None] = text(30)
    serial_number: Mapped[str | None] = mapped_column(String(60), index=True)
    manufactured_year: Mapped[int | None] = mapped_column(
        BigInteger, info={"check": checks.year_number}
    )
    seizure_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("seizure.id", ondelete="SET NULL"), index=True
    )
    storage_loss_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("storage_loss.id", ondelete="SET NULL"), index=True
    )

    seizure: Mapped[Seizure | None] = relationship(
        back_populates="weapons", foreign_keys=[seizure_id]
    )
    storage_loss: Mapped[StorageLoss | None] = relationship(
        back_populates="weapons", foreign_keys=[storage_loss_id]
    )
