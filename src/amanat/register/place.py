"""Places: countries, oblasts, cities, border crossing points, farms, storage sites."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from amanat.register import checks
from amanat.register.base import Base, BigId, Provenance, country_column, id_column, text, vocab


class Place(Provenance, Base):
    __tablename__ = "place"
    record_constraints = (
        CheckConstraint("latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", name="lat"),
        CheckConstraint(
            "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)", name="lon"
        ),
    )

    id: Mapped[int] = id_column()
    kind: Mapped[str] = vocab("place_kind", nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    name_ru: Mapped[str | None] = text(200)
    country: Mapped[str] = country_column(nullable=False, index=True)
    region: Mapped[str | None] = text(120)
    district: Mapped[str | None] = text(120)
    city: Mapped[str | None] = text(120)
    parent_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("place.id"))
    latitude: Mapped[float | None] = mapped_column(Float, info={"check": checks.between(-90, 90)})
    longitude: Mapped[float | None] = mapped_column(
        Float, info={"check": checks.between(-180, 180)}
    )
