"""Relationships between people, groups, organisations, vehicles and phones.

Each end is a typed foreign key (one column per kind of record) rather than a
generic id, so the database keeps the links sound; exactly one column per end is set.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Numeric
from sqlalchemy.orm import Mapped, mapped_column

from amanat.register import checks
from amanat.register.base import (
    Base,
    BigId,
    Provenance,
    event_date,
    id_column,
    quantity,
    text,
    vocab,
)
from amanat.register.reasons import Unfit

SUBJECT_ENDS = ("from_person_id", "from_group_id")
OBJECT_ENDS = (
    "to_person_id",
    "to_group_id",
    "to_organisation_id",
    "to_vehicle_id",
    "to_phone_id",
)


def _exactly_one(columns: tuple[str, ...]) -> str:
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns) + " = 1"


def _end(target: str) -> Mapped[int | None]:
    return mapped_column(BigId, ForeignKey(target, ondelete="CASCADE"), index=True)


class Relationship(Provenance, Base):
    __tablename__ = "relationship"
    record_constraints = (
        CheckConstraint(_exactly_one(SUBJECT_ENDS), name="one_subject"),
        CheckConstraint(_exactly_one(OBJECT_ENDS), name="one_object"),
    )

    id: Mapped[int] = id_column()
    kind: Mapped[str] = vocab("relationship_kind", nullable=False)
    from_person_id: Mapped[int | None] = _end("person.id")
    from_group_id: Mapped[int | None] = _end("criminal_group.id")
    to_person_id: Mapped[int | None] = _end("person.id")
    to_group_id: Mapped[int | None] = _end("criminal_group.id")
    to_organisation_id: Mapped[int | None] = _end("organisation.id")
    to_vehicle_id: Mapped[int | None] = _end("vehicle.id")
    to_phone_id: Mapped[int | None] = _end("phone.id")
    # e.g. "brother", "cousin", "driver", "accountant".
    detail: Mapped[str | None] = text(120)
    started_on: Mapped[dt.date | None] = event_date()
    ended_on: Mapped[dt.date | None] = event_date()
    amount: Mapped[float | None] = quantity(Numeric(16, 2))
    currency: Mapped[str | None] = vocab("currency")

    def check_record(self) -> None:
        for ends, name in ((SUBJECT_ENDS, "from"), (OBJECT_ENDS, "to")):
            given = [c for c in ends if getattr(self, c) is not None]
            if len(given) != 1:
                raise checks.InvalidValue(
                    f"relationship.{name}",
                    given,
                    Unfit("one_end", ends=", ".join(ends)),
                )
