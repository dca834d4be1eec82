"""One scan of the events for the stage counts, the times between stages and who
reaches conviction (``stage_dates``) gives what each analysis's own query gave.

The queries the three analyses ran before (each its own scan of every visible event)
are kept here as the reference, and compared on the ``tiny`` demo region, on SQLite
and PostgreSQL, through the eyes of every organisation, over the whole region and a
country's cohort years."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, and_, case, extract, func, select

from amanat.access.roles import Role
from amanat.access.visibility import Viewer
from amanat.analyze.justice import justice_view
from amanat.analyze.network.canonical import entity_of
from amanat.analyze.outcomes import CATEGORIES, REACHED, Reach, _people
from amanat.analyze.pipeline import STAGES, PipelineCounts, StageCount
from amanat.analyze.scope import Scope, scanned
from amanat.analyze.stage_dates import case_filter
from amanat.analyze.survival import STAGES as TIMED
from amanat.analyze.survival import TRANSITIONS, durations, kaplan_meier
from amanat.demo.region import build_region
from amanat.register import Case, Organisation, PipelineEvent
from amanat.store.engine import transaction

SPAN = 2**31


def counts_before(engine: Engine, scope: Scope) -> PipelineCounts:
    year = extract("year", Case.opened_on)
    stage = scanned(PipelineEvent.stage)
    person_case = PipelineEvent.case_id * SPAN + entity_of("person", PipelineEvent.person_id)
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
        for row_year, name, cases, persons in connection.execute(query):
            key = None if row_year is None else int(row_year)
            result.by_year.setdefault(key, {})[name] = StageCount(name, cases, persons)
    for counts in result.by_year.values():
        for name in STAGES:
            counts.setdefault(name, StageCount(name, 0, 0))
    return result


def curves_before(engine: Engine, scope: Scope) -> list[object]:
    stage = scanned(PipelineEvent.stage)
    firsts = [func.min(case((stage == s, PipelineEvent.occurred_on))).label(s) for s in TIMED]
    person = entity_of("person", PipelineEvent.person_id)
    query = (
        select(PipelineEvent.case_id, person, *firsts)
        .join(Case, Case.id == PipelineEvent.case_id)
        .where(scope.admits(PipelineEvent), stage.in_(TIMED), *case_filter(scope))
        .group_by(PipelineEvent.case_id, person)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame(rows, columns=["case_id", "person_id", *TIMED])
    for name in TIMED:
        frame[name] = pd.to_datetime(frame[name], errors="coerce")
    frames = {
        "person": frame[frame["person_id"].notna()],
        "case": frame.drop(columns="person_id").groupby("case_id", as_index=False).min(),
    }
    curves: list[object] = []
    for start, end, unit in TRANSITIONS:
        days, observed = durations(frames[unit], start, end, scope.as_of)
        if len(days):
            curves.append(kaplan_meier(days.tolist(), observed.tolist(), start, end))
    return curves


def reach_before(engine: Engine, scope: Scope) -> list[Reach]:
    stage = scanned(PipelineEvent.stage)
    flags = [func.max(case((stage == s, 1), else_=0)).label(s) for s in REACHED]
    person = entity_of("person", PipelineEvent.person_id)
    events = (
        select(PipelineEvent.case_id, person.label("person"), *flags)
        .join(Case, Case.id == PipelineEvent.case_id)
        .where(
            scope.admits(PipelineEvent),
            PipelineEvent.person_id.is_not(None),
            stage.in_(REACHED),
            *case_filter(scope),
        )
        .group_by(PipelineEvent.case_id, person)
        .subquery()
    )
    people = _people(scope)
    sums = [func.coalesce(func.sum(getattr(events.c, s)), 0) for s in REACHED]
    query = (
        select(people.c.category, func.count(), *sums)
        .select_from(people)
        .outerjoin(
            events,
            and_(events.c.case_id == people.c.case_id, events.c.person == people.c.person),
        )
        .group_by(people.c.category)
    )
    found: dict[str, Reach] = {}
    with engine.connect() as connection:
        for category, persons, *reached in connection.execute(query):
            counts = dict(zip(REACHED, map(int, reached), strict=True))
            found[category] = Reach(category, persons, counts)
    return [found.get(c, Reach(c, 0, dict.fromkeys(REACHED, 0))) for c in CATEGORIES]


@pytest.fixture
def region(engine: Engine, tmp_path: Path) -> Engine:
    build_region(engine, "tiny", 11, tmp_path / "truth.csv")
    return engine


def test_one_scan_gives_what_each_query_gave(region: Engine) -> None:
    with transaction(region) as session:
        orgs = list(session.execute(select(Organisation.id, Organisation.country)))
    assert len(orgs) > 3
    compared = 0
    for org_id, country in orgs:
        viewer = Viewer(0, org_id, Role.analyst)
        for scope in (
            Scope(viewer),
            Scope(viewer, country=country, year_from=2018, year_to=2022),
            Scope(viewer, publishable_only=True),
        ):
            view = justice_view(region, scope)
            assert view.counts == counts_before(region, scope)
            assert view.curves == curves_before(region, scope)
            assert view.reach == reach_before(region, scope)
            compared += sum(c.count() for c in view.counts.total().values())
    assert compared > 1000  # the region's events were there to count
