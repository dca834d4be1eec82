"""Everything the monitoring issue asks of the justice pipeline, for one scope, in
one object: stage counts and conversions, times between stages, who reaches
conviction, seizures per prosecution, victims against verdicts, year on year.

``justice_view`` is what `amanat pipeline`, the report and the web app's dashboard
call; ``to_dict`` is its JSON (the dashboard's chart data), ``tables`` its tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from amanat.analyze.outcomes import Reach, reach_table, who_reaches_conviction
from amanat.analyze.pipeline import FUNNEL, STAGES, PipelineCounts, stage_counts, yearly
from amanat.analyze.scope import Scope
from amanat.analyze.seizure_yield import SeizureYield, seizure_yield
from amanat.analyze.stage_dates import stage_dates
from amanat.analyze.survival import Curve, stage_times, times_table
from amanat.analyze.tabular import Table
from amanat.analyze.victim_outcomes import VictimOutcomes, victim_outcomes

TREND_STAGES = ("reported", "arrested", "prosecuted", "convicted")


@dataclass
class JusticeView:
    scope: Scope
    counts: PipelineCounts
    curves: list[Curve]
    reach: list[Reach]
    seizures: SeizureYield
    victims: VictimOutcomes

    def funnel(self) -> list[tuple[str, int, float | None]]:
        totals, rates = self.counts.total(), self.counts.conversions()
        return [(stage, totals[stage].count(), rates[stage]) for stage, _ in FUNNEL]

    def trend(self) -> dict[str, dict[int, int]]:
        return {stage: yearly(self.counts, stage) for stage in TREND_STAGES}

    def tables(self) -> list[Table]:
        return [
            self.counts.table(),
            self.counts.year_table(),
            times_table(self.curves),
            reach_table(self.reach),
            self.seizures.table(),
            self.victims.table(),
        ]

    def to_dict(self) -> dict[str, object]:
        return {
            "scope": self.scope.describe(),
            "funnel": [{"stage": s, "count": n, "conversion": r} for s, n, r in self.funnel()],
            "trend": {s: {str(y): n for y, n in v.items()} for s, v in self.trend().items()},
            "stage_times": [c.thinned().to_dict() for c in self.curves],
            "tables": {t.name: t.records() for t in self.tables()},
        }


def justice_view(engine: Engine, scope: Scope) -> JusticeView:
    # One scan of the events for the three analyses that follow people through stages.
    dates = stage_dates(engine, scope, STAGES)
    return JusticeView(
        scope=scope,
        counts=stage_counts(engine, scope, dates),
        curves=stage_times(engine, scope, dates),
        reach=who_reaches_conviction(engine, scope, dates),
        seizures=seizure_yield(engine, scope),
        victims=victim_outcomes(engine, scope),
    )
