"""Victims identified against victims whose case reached a verdict.

Victims are people (``amanat.analyze.victims``): the police's and an NGO's records
of one woman are one victim, linked to a case when either record is, and her case
reached a verdict when any case of hers did.  Where a victim counts, the period
(year of identification) and who is left out are as that module says.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, and_, case, exists, func, select

from amanat.analyze.scope import Scope
from amanat.analyze.tabular import Table
from amanat.analyze.victims import victim_of, victims_in
from amanat.register import Case, PipelineEvent, Victim


@dataclass(frozen=True)
class VictimOutcomes:
    identified: int
    linked_to_case: int
    case_reached_verdict: int
    case_reached_conviction: int

    def table(self) -> Table:
        def share(n: int) -> float | None:
            return n / self.identified if self.identified else None

        rows = [
            ("identified", self.identified, share(self.identified)),
            ("linked_to_case", self.linked_to_case, share(self.linked_to_case)),
            ("case_reached_verdict", self.case_reached_verdict, share(self.case_reached_verdict)),
            (
                "case_reached_conviction",
                self.case_reached_conviction,
                share(self.case_reached_conviction),
            ),
        ]
        return Table(
            "victim_outcomes",
            "Victims identified and victims whose case reached a verdict",
            ("measure", "victims", "share_of_identified"),
            list(rows),
        )


def _stage_in_case(scope: Scope, stages: tuple[str, ...]) -> ColumnElement[bool]:
    return exists().where(
        PipelineEvent.case_id == Victim.case_id,
        PipelineEvent.stage.in_(stages),
        scope.admits(PipelineEvent),
    )


def victim_outcomes(engine: Engine, scope: Scope) -> VictimOutcomes:
    linked = Case.id.is_not(None)
    verdict = and_(linked, _stage_in_case(scope, ("convicted", "acquitted")))
    convicted = and_(linked, _stage_in_case(scope, ("convicted",)))
    unit = victim_of()
    flags = [
        func.max(case((flag, 1), else_=0)).label(name)
        for name, flag in (("linked", linked), ("verdict", verdict), ("convicted", convicted))
    ]
    per_victim = (
        victims_in(scope, select(unit.label("victim"), *flags).select_from(Victim))
        .group_by(unit)
        .subquery()
    )
    query = select(
        func.count(),
        func.sum(per_victim.c.linked),
        func.sum(per_victim.c.verdict),
        func.sum(per_victim.c.convicted),
    ).select_from(per_victim)
    with engine.connect() as connection:
        total, linked_n, verdict_n, convicted_n = connection.execute(query).one()
    return VictimOutcomes(
        int(total), int(linked_n or 0), int(verdict_n or 0), int(convicted_n or 0)
    )
