"""The cases an analysis of the justice pipeline follows, and the first date each
person in each of them reached each stage: one scan of the events that the stage
counts, the times between stages and who reaches conviction all draw on.

Each of those three used to scan every visible event of the scope on its own (a
third of a second each on a region of 20,000 cases in SQLite, most of it testing
each event and its case against the visibility rule); the justice view now scans
once (``stage_dates``) and each works out its figures from the rows that come back.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import ColumnElement, Engine, case, extract, func, select

from amanat.analyze.network.canonical import entity_of
from amanat.analyze.scope import Scope, scanned
from amanat.register import Case, PipelineEvent

CASE_ID, PERSON_ID, YEAR = "case_id", "person_id", "year"


def case_filter(scope: Scope) -> list[ColumnElement[bool]]:
    """WHERE clauses for the cases in scope (country, type, cohort years, visible)."""
    clauses: list[ColumnElement[bool]] = [scope.admits(Case), scope.in_period(Case.opened_on)]
    if scope.country:
        clauses.append(Case.jurisdiction == scope.country)
    if scope.case_type:
        clauses.append(Case.case_type == scope.case_type)
    return clauses


def stage_dates(engine: Engine, scope: Scope, stages: Sequence[str]) -> pd.DataFrame:
    """One row per person in a case in scope ("person_id": a resolved person, whichever
    agency's record each event names; NaN for the case's own, person-less events)
    with an event of one of ``stages``: the case, the year it was opened ("year", its
    cohort; NaN when unknown) and, per stage, the first date (NaT when never)."""
    stage = scanned(PipelineEvent.stage)
    year = extract("year", Case.opened_on)
    person = entity_of("person", PipelineEvent.person_id)
    firsts = [func.min(case((stage == s, PipelineEvent.occurred_on))).label(s) for s in stages]
    query = (
        select(PipelineEvent.case_id, person, year, *firsts)
        .join(Case, Case.id == PipelineEvent.case_id)
        .where(scope.admits(PipelineEvent), stage.in_(stages), *case_filter(scope))
        .group_by(PipelineEvent.case_id, person, year)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame(rows, columns=[CASE_ID, PERSON_ID, YEAR, *stages])
    frame[PERSON_ID] = pd.to_numeric(frame[PERSON_ID]).astype(float)
    frame[YEAR] = pd.to_numeric(frame[YEAR]).astype(float)
    for name in stages:
        frame[name] = pd.to_datetime(frame[name], errors="coerce")
    return frame
