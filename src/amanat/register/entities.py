"""Groups, vehicles and phones: the things networks are made of besides people."""

from __future__ import annotations

from sqlalchemy import SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from amanat.register import checks
from amanat.register.base import Base, Provenance, country_column, id_column, text, vocab


class CriminalGroup(Provenance, Base):
    """A criminal group, company, clan or network as an organisation recorded it."""

    __tablename__ = "criminal_group"

    id: Mapped[int] = id_column()
    kind: Mapped[str] = vocab("group_kind", nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    alias: Mapped[str | None] = text(300)
    country: Mapped[str | None] = country_column()
    # Company registration number (BIN in Kazakhstan, INN in Russia and Uzbekistan).
    registration_number: Mapped[str | None] = text(60)
    description: Mapped[str | None] = text()


class Vehicle(Provenance, Base):
    __tablename__ = "vehicle"

    id: Mapped[int] = id_column()
    plate: Mapped[str | None] = mapped_column(String(20), index=True)
    plate_country: Mapped[str | None] = country_column()
    vin: Mapped[str | None] = mapped_column(String(17), index=True)
    make: Mapped[str | None] = text(60)
    model: Mapped[str | None] = text(60)
    colour: Mapped[str | None] = text(40)
    year: Mapped[int | None] = mapped_column(SmallInteger, info={"check": checks.year_number})


class Phone(Provenance, Base):
    """A phone as an object of investigation (holder, IMEI), not just a contact number."""

    __tablename__ = "phone"

    id: Mapped[int] = id_column()
    number: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    country: Mapped[str | None] = country_column()
    imei: Mapped[str | None] = text(20)
    operator: Mapped[str | None] = text(60)
