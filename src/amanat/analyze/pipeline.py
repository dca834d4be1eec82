"""The justice pipeline of a country, period and case type: how many cases and
people reach each stage, the conversion from one stage to the next, and the change
from year to year.

Counting is done where the data is, with GROUP BY in the register's own database
(SQLite or PostgreSQL), under the visibility rule; only one row per year and stage
comes back.  The period selects a *cohort*: cases opened in those years, followed
to wherever they are now.  Comparing stages within one cohort keeps conversion
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

from sqlalchemy import ColumnElement, Engine, extract, func, select

from amanat.analyze.network.canonical import entity_of
from amanat.analyze.scope import Scope, scanned
from amanat.analyze.tabular import Cell, Table
from amanat.register import Case, PipelineEvent

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
# Person ids (and so entity ids, the smallest member's) stay below this (2**31 rows per
# table), so case * SPAN + person is unique.
PERSON_SPAN = 2**31


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


def case_filter(scope: Scope) -> list[ColumnElement[bool]]:
    """WHERE clauses for the cases in scope (country, type, cohort years, visible)."""
    clauses: list[ColumnElement[bool]] = [scope.admits(Case), scope.in_period(Case.opened_on)]
    if scope.country:
        clauses.append(Case.jurisdiction == scope.country)
    if scope.case_type:
        clauses.append(Case.case_type == scope.case_type)
    return clauses


def stage_counts(engine: Engine, scope: Scope) -> PipelineCounts:
    """Cases and person-cases at each funnel stage, per cohort year."""
    year = extract("year", Case.opened_on)
    stage = scanned(PipelineEvent.stage)
    # One number per person in a case, so COUNT(DISTINCT) needs no sort of pairs.
    person_case = PipelineEvent.case_id * PERSON_SPAN + entity_of("person", PipelineEvent.person_id)
    query = (
        select(
            year,
            stage,
            func.count(func.distinct(PipelineEvent.case_id)),
            func.count(func.distinct(person_case)),
        )
        .join(Case, Case.id == PipelineEvent.case_id)
        .where(scope.admits(PipelineEvent), stage.in_(STAGES), *case_filter(scope))
        .group_by(year, stage)
    )
    result = PipelineCounts(scope)
    with engine.connect() as connection:
        for row_year, stage, cases, persons in connection.execute(query):
            key = None if row_year is None else int(row_year)
            result.by_year.setdefault(key, {})[stage] = StageCount(stage, cases, persons)
    for counts in result.by_year.values():
        for stage in STAGES:
            counts.setdefault(stage, StageCount(stage, 0, 0))
    return result


def yearly(counts: PipelineCounts, stage: str) -> dict[int, int]:
    """One stage's count per cohort year (for charts of the change over time)."""
    out: dict[int, int] = defaultdict(int)
    for year, stages in counts.by_year.items():
        if year is not None and stage in stages:
            out[year] += stages[stage].count()
    return dict(sorted(out.items()))
