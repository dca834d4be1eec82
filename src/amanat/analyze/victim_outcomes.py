"""Victims identified against victims whose case reached a verdict.

A victim counts in the country of the case they are linked to, or, when linked to
no case the user may see, where they were identified (the movement stage
``identification``).  The period is the year of
identification.  Victims judged ``NotAVictim`` are left out; the case type of the
scope does not apply (victims belong to trafficking whatever the case is filed as).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, and_, case, exists, func, select

from amanat.analyze.scope import Scope
from amanat.analyze.tabular import Table
from amanat.register import Case, Movement, PipelineEvent, Victim

# A SELECT of any row shape (Select is generic over its columns' types).
AnySelect = Select[*tuple[Any, ...]]


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


def victim_country() -> ColumnElement[str]:
    """Where a victim counts: their visible case's country, else where identified.

    Use with ``victims_in(scope)``, which joins the case (outer, under the rule)."""
    identified = (
        select(func.min(Movement.country))
        .where(Movement.victim_id == Victim.id, Movement.stage == "identification")
        .scalar_subquery()
    )
    return func.coalesce(Case.jurisdiction, identified)


def victims_in(scope: Scope, query: AnySelect) -> AnySelect:
    """``query`` over victims in scope: visible, identified in the period, not judged
    ``NotAVictim``, in the scope's country; their case joined when visible."""
    query = query.outerjoin(Case, and_(Case.id == Victim.case_id, scope.admits(Case))).where(
        scope.admits(Victim),
        scope.in_period(Victim.identified_on),
        Victim.trafficking_status != "NotAVictim",
    )
    return query.where(victim_country() == scope.country) if scope.country else query


def victim_outcomes(engine: Engine, scope: Scope) -> VictimOutcomes:
    linked = Case.id.is_not(None)
    verdict = and_(linked, _stage_in_case(scope, ("convicted", "acquitted")))
    convicted = and_(linked, _stage_in_case(scope, ("convicted",)))
    query = victims_in(
        scope,
        select(
            func.count(),
            func.sum(case((linked, 1), else_=0)),
            func.sum(case((verdict, 1), else_=0)),
            func.sum(case((convicted, 1), else_=0)),
        ).select_from(Victim),
    )
    with engine.connect() as connection:
        total, linked_n, verdict_n, convicted_n = connection.execute(query).one()
    return VictimOutcomes(
        int(total), int(linked_n or 0), int(verdict_n or 0), int(convicted_n or 0)
    )
