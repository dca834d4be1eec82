"""The justice pipeline of a country, period and case type: how many cases and
people reach each stage, the conversion from one stage to the next, and the change
from year to year.

The events are grouped in the register's own database (SQLite or PostgreSQL), under
the visibility rule, into one row per person in a case (``stage_dates``, which the
times between stages and who reaches conviction read too); the counts per year and
stage are taken from those rows.  The period selects a *cohort*: cases opened in
those years, followed to wherever they are now.  Comparing stages within one cohort keeps conversion
rates honest (calendar-year counts mix cohorts and flatter growing caseloads).

Units: the first two stages are events of a case (counted as cases); from "suspect
identified" on, events are about a person in a case (counted as person-cases, as
UNODC counts persons prosecuted).  A person is a resolved person: the police's and
the court's records of one defendant count once (``amanat.analyze.network.canonical``).
Each stage also reports the cases that reached it, so the step from a case stage to a
person stage converts cases to cases.
A stage counts as reached when an event records it; missing steps are not inferred,
so a conversion above 100 % points at events never recorded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from amanat.analyze.scope import Scope
from amanat.analyze.stage_dates import CASE_ID, PERSON_ID, YEAR, stage_dates
from amanat.analyze.tabular import Cell, Table

# The funnel, each stage with the one it converts from.  Verdicts are alternatives.
FUNNEL: tuple[tuple[str, str | None], ...] = (
    ("reported", None),
    ("investigation_opened", "reported"),
    ("suspect_identified", "investigation_opened"),
    ("arrested", "suspect_identified"),
    ("charged", "arrested"),
    ("prosecuted", "charged"),
    ("convicted", "prosecuted"),
    ("acquitted", "prosecuted"),
    ("dismissed", "prosecuted"),
)
STAGES = tuple(stage for stage, _ in FUNNEL)
CASE_STAGES = frozenset({"reported", "investigation_opened"})
VERDICTS = ("convicted", "acquitted")
CHANGE_STAGES = ("reported", "arrested", "prosecuted", "convicted")


@dataclass(frozen=True)
class StageCount:
    stage: str
    cases: int
    persons: int  # person-cases; 0 for the case stages

    def count(self) -> int:
        """The stage's own unit: cases for case stages, person-cases after."""
        return self.cases if self.stage in CASE_STAGES else self.persons


@dataclass
class PipelineCounts:
    scope: Scope
    by_year: dict[int | None, dict[str, StageCount]] = field(default_factory=dict)

    def total(self) -> dict[str, StageCount]:
        totals: dict[str, StageCount] = {}
        for stage in STAGES:
            rows = [year[stage] for year in self.by_year.values() if stage in year]
            totals[stage] = StageCount(
                stage, sum(r.cases for r in rows), sum(r.persons for r in rows)
            )
        return totals

    def conversions(self, year: int | None = None) -> dict[str, float | None]:
        counts = self.total() if year is None else self.by_year.get(year, {})
        return conversion_rates(counts)

    def table(self) -> Table:
        totals, rates = self.total(), self.conversions()
        rows = [
            (
                s,
                totals[s].cases,
                totals[s].persons if s not in CASE_STAGES else None,
                prev,
                rates[s],
            )
            for s, prev in FUNNEL
        ]
        return Table(
            "pipeline_stages",
            "Justice pipeline: cases and person-cases reaching each stage",
            ("stage", "cases", "person_cases", "from_stage", "conversion"),
            list(rows),
        )

    def year_table(self) -> Table:
        """Each stage per cohort year, and the change on the year before for the
        stages reporting is about (a share: 0.25 is 25 % more)."""
        rows: list[Sequence[Cell]] = []
        previous: dict[str, int] = {}
        for year in sorted(y for y in self.by_year if y is not None):
            counts = {s: c.count() for s, c in self.by_year[year].items()}
            changes = [
                (counts[s] - previous[s]) / previous[s] if previous.get(s) else None
                for s in CHANGE_STAGES
            ]
            rows.append((str(year), *(counts.get(s, 0) for s in STAGES), *changes))
            previous = counts
        return Table(
            "pipeline_by_year",
            "Justice pipeline by year the case was opened, and change on the year before",
            ("year", *STAGES, *(f"{s}_change" for s in CHANGE_STAGES)),
            rows,
        )


def conversion_rates(counts: dict[str, StageCount]) -> dict[str, float | None]:
    """Share of the previous stage reaching each stage (None when nothing to convert).

    From a case stage to a person stage the rate is of cases: cases with a suspect
    identified per case investigated."""
    rates: dict[str, float | None] = {}
    for stage, previous in FUNNEL:
        if previous is None or previous not in counts or stage not in counts:
            rates[stage] = None
            continue
        if previous in CASE_STAGES:
            base, reached = counts[previous].cases, counts[stage].cases
        else:
            base, reached = counts[previous].persons, counts[stage].persons
        rates[stage] = reached / base if base else None
    return rates


def stage_counts(engine: Engine, scope: Scope, dates: pd.DataFrame | None = None) -> PipelineCounts:
    """Cases and person-cases at each funnel stage, per cohort year; ``dates``: the
    scope's ``stage_dates`` of the funnel's stages, when already read."""
    if dates is None:
        dates = stage_dates(engine, scope, STAGES)
    reached = dates[list(STAGES)].notna()
    years = dates[YEAR]
    # A case reaches a stage when one of its rows (its people's or its own) does.
    per_case = reached.groupby([years, dates[CASE_ID]], dropna=False).any()
    cases = per_case.groupby(level=0, dropna=False).sum()
    named = dates[PERSON_ID].notna()
    persons = reached[named].groupby(years[named], dropna=False).sum()
    persons = persons.reindex(cases.index, fill_value=0)
    result = PipelineCounts(scope)
    for (year, row), (_, people) in zip(cases.iterrows(), persons.iterrows(), strict=True):
        key = None if pd.isna(year) else int(year)
        result.by_year[key] = {s: StageCount(s, int(row[s]), int(people[s])) for s in STAGES}
    return result


def yearly(counts: PipelineCounts, stage: str) -> dict[int, int]:
    """One stage's count per cohort year (for charts of the change over time)."""
    out: dict[int, int] = defaultdict(int)
    for year, stages in counts.by_year.items():
        if year is not None and stage in stages:
            out[year] += stages[stage].count()
    return dict(sorted(out.items()))
