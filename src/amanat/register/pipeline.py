"""The justice pipeline as dated events, per case and per person.

From offence reported through arrest and charge to verdict, sentence and appeal
(UNODC GLOTIP stages).  Outcomes are measured from these events, not from counts
of arrests.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, Numeric
from sqlalchemy.orm import Mapped, mapped_column

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

SENTENCE_FIELDS = ("sentence_months", "fine_amount", "confiscation")
MAX_SENTENCE_MONTHS = 12 * 99


class PipelineEvent(Provenance, Base):
    __tablename__ = "pipeline_event"
    record_constraints = (Index("ix_pipeline_event_stage_date", "stage", "occurred_on"),)

    id: Mapped[int] = id_column()
    case_id: Mapped[int] = ref("case_file.id")
    # Empty for events about the case as a whole (offence reported, investigation opened).
    person_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    stage: Mapped[str] = vocab("pipeline_stage", nullable=False)
    occurred_on: Mapped[dt.date] = event_date(nullable=False)
    place_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("place.id"))
    # Sentences: prison months (up to 99 years: more is a typing error), a fine,
    # confiscation of assets.
    sentence_months: Mapped[int | None] = mapped_column(
        Integer, info={"check": checks.between(0, MAX_SENTENCE_MONTHS)}
    )
    fine_amount: Mapped[float | None] = quantity(Numeric(14, 2))
    fine_currency: Mapped[str | None] = vocab("currency")
    confiscation: Mapped[bool | None] = mapped_column()
    appeal_outcome: Mapped[str | None] = vocab("appeal_outcome")
    # Extradition: from which country to which.
    from_country: Mapped[str | None] = country_column()
    to_country: Mapped[str | None] = country_column()
    court: Mapped[str | None] = text(200)
    detail: Mapped[str | None] = text()

    def check_record(self) -> None:
        if self.stage != "sentenced":
            for field in SENTENCE_FIELDS:
                if getattr(self, field):
                    raise checks.InvalidValue(
                        f"pipeline_event.{field}",
                        getattr(self, field),
                        Unfit("sentence_not_sentenced", stage=repr(self.stage)),
                    )
        if self.appeal_outcome and self.stage != "appeal_decided":
            raise checks.InvalidValue(
                "pipeline_event.appeal_outcome",
                self.appeal_outcome,
                Unfit("appeal_not_decided", stage=repr(self.stage)),
            )
        if self.stage == "extradited" and not (self.from_country and self.to_country):
            raise checks.InvalidValue(
                "pipeline_event.from_country",
                self.from_country,
                Unfit("extradition_countries"),
            )
