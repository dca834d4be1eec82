"""Seizures per prosecution: what the seizure and arrest counts amount to in court.

Reporting counts kilograms seized and cases opened; this sets them against the
people prosecuted and convicted in the same country and years (calendar years of
the seizure and of the prosecution), for drug and for arms cases.  People are
resolved people in a case: the prosecutor's and the court's records of one defendant
count once, and a courier is one whatever agency recorded the role.  Under a
kilogram per prosecution, mostly couriers, is the pattern the monitoring exists to
show.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, exists, func, select

from amanat.analyze.network.canonical import entity_of
from amanat.analyze.outcomes import ROLE_CATEGORY
from amanat.analyze.scope import Scope
from amanat.analyze.tabular import Table
from amanat.register import Case, CaseRole, PipelineEvent, SeizedDrug, Seizure, Weapon

COURIER_ROLES = tuple(r for r, c in ROLE_CATEGORY.items() if c == "transporter_courier")


@dataclass(frozen=True)
class SeizureYield:
    kg_by_substance: dict[str, float]
    seizures: int
    weapons: int
    drug_prosecuted: int
    drug_convicted: int
    couriers_prosecuted: int
    arms_prosecuted: int

    @property
    def kg(self) -> float:
        return sum(self.kg_by_substance.values())

    def kg_per(self, persons: int) -> float | None:
        return self.kg / persons if persons else None

    def table(self) -> Table:
        rows: list[tuple[str, float | int | None]] = [
            ("drug_seizures", self.seizures),
            ("kg_seized", round(self.kg, 3)),
            *((f"kg_{s}", round(kg, 3)) for s, kg in sorted(self.kg_by_substance.items())),
            ("persons_prosecuted_drugs", self.drug_prosecuted),
            ("persons_convicted_drugs", self.drug_convicted),
            ("kg_per_prosecution", self.kg_per(self.drug_prosecuted)),
            ("kg_per_conviction", self.kg_per(self.drug_convicted)),
            (
                "courier_share_of_prosecuted",
                self.couriers_prosecuted / self.drug_prosecuted if self.drug_prosecuted else None,
            ),
            ("weapons_seized", self.weapons),
            ("persons_prosecuted_arms", self.arms_prosecuted),
            (
                "weapons_per_prosecution",
                self.weapons / self.arms_prosecuted if self.arms_prosecuted else None,
            ),
        ]
        return Table("seizure_yield", "Seizures per prosecution", ("measure", "value"), list(rows))


def _seized_where(scope: Scope) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [scope.admits(Seizure), scope.in_period(Seizure.seized_on)]
    if scope.country:
        clauses.append(Seizure.country == scope.country)
    return clauses


def _persons(engine: Engine, scope: Scope) -> Counter[tuple[str, str, bool]]:
    """Person-cases prosecuted or convicted in the period in drug and arms cases, by
    (case type, stage, courier or not) — one query for all four figures."""
    person = entity_of("person", PipelineEvent.person_id)
    courier = exists().where(
        CaseRole.case_id == PipelineEvent.case_id,
        entity_of("person", CaseRole.person_id) == person,
        CaseRole.perpetrator_role.in_(COURIER_ROLES),
        scope.admits(CaseRole),
    )
    query = (
        select(
            PipelineEvent.case_id,
            person,
            Case.case_type,
            PipelineEvent.stage,
            courier,
        )
        .distinct()
        .join(Case, Case.id == PipelineEvent.case_id)
        .where(
            scope.admits(PipelineEvent),
            scope.admits(Case),
            PipelineEvent.stage.in_(("prosecuted", "convicted")),
            PipelineEvent.person_id.is_not(None),
            Case.case_type.in_(("drugs", "arms")),
            scope.in_period(PipelineEvent.occurred_on),
            *([Case.jurisdiction == scope.country] if scope.country else []),
        )
    )
    with engine.connect() as connection:
        return Counter((t, stage, bool(c)) for _, _, t, stage, c in connection.execute(query))


def seizure_yield(engine: Engine, scope: Scope) -> SeizureYield:
    drugs = (
        select(
            SeizedDrug.substance,
            func.sum(SeizedDrug.quantity_kg),
            func.count(func.distinct(Seizure.id)),
        )
        .join(Seizure, Seizure.id == SeizedDrug.seizure_id)
        .where(*_seized_where(scope))
        .group_by(SeizedDrug.substance)
    )
    weapons = (
        select(func.count())
        .select_from(Weapon)
        .join(Seizure, Seizure.id == Weapon.seizure_id)
        .where(scope.admits(Weapon), *_seized_where(scope))
    )
    people = _persons(engine, scope)
    with engine.connect() as connection:
        rows = connection.execute(drugs).all()
        weapon_count = int(connection.execute(weapons).scalar_one())
    return SeizureYield(
        kg_by_substance={s: float(kg or 0) for s, kg, _ in rows},
        seizures=sum(n for _, _, n in rows),
        weapons=weapon_count,
        drug_prosecuted=people["drugs", "prosecuted", True] + people["drugs", "prosecuted", False],
        drug_convicted=people["drugs", "convicted", True] + people["drugs", "convicted", False],
        couriers_prosecuted=people["drugs", "prosecuted", True],
        arms_prosecuted=people["arms", "prosecuted", True] + people["arms", "prosecuted", False],
    )
