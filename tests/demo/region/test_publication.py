"""Published statistics on the demo: a court publishes most concluded verdicts, so
``stats-publish`` has TLP:CLEAR records to count — and still suppresses small counts.

Built on SQLite only: the marking is the generator's (the same rows on every back
end); the statistics' SQL is tested on both back ends in tests/analyze.
"""

from __future__ import annotations

from sqlalchemy import func, select

from amanat.access.roles import Role
from amanat.access.visibility import Viewer
from amanat.analyze.scope import Scope
from amanat.analyze.statistics import indicator_tables
from amanat.register import Case, Organisation, PipelineEvent, Victim
from amanat.store.engine import transaction

from .conftest import BuildSqlite

YEARS = range(2013, 2026)


def test_the_small_demo_publishes_suppressed_tables(build_sqlite: BuildSqlite) -> None:
    engine = build_sqlite("small", 7, "small").engine
    with transaction(engine) as session:
        centre = session.scalars(
            select(Organisation.id).where(Organisation.code == "RC-ALMATY")
        ).one()
        cases = session.scalar(select(func.count(Case.id))) or 0
        clear = session.scalar(select(func.count(Case.id)).where(Case.tlp == "CLEAR")) or 0
        open_clear = session.scalar(
            select(func.count(Case.id)).where(Case.tlp == "CLEAR", Case.status != "closed")
        )
        ngo_victims_cleared = session.scalar(
            select(func.count(Victim.id)).where(
                Victim.tlp == "CLEAR", Victim.status_decided_by == "NGO"
            )
        )
        clear_events = session.scalar(
            select(func.count(PipelineEvent.id)).where(PipelineEvent.tlp == "CLEAR")
        )
    # A realistic share: concluded cases with a verdict, not the open ones.
    assert 0.02 * cases <= clear <= 0.2 * cases, (clear, cases)
    assert open_clear == 0
    assert clear_events and clear_events > clear
    assert ngo_victims_cleared == 0  # an NGO's clients are not the court's to publish
    officer = Viewer(0, centre, Role.statistics_officer)
    shown: list[object] = []
    for year in YEARS:
        scope = Scope(officer, year_from=year, year_to=year, publishable_only=True)
        for table in indicator_tables(engine, scope):
            for row in table.published().rows:
                cells = list(row[1:])
                # Suppression: no count from 1 to 4 is ever shown.
                assert all(not isinstance(c, int) or c == 0 or c >= 5 for c in cells), row
                shown += cells
    assert "<5" in shown
    assert any(isinstance(c, int) and c >= 5 for c in shown)  # some totals are published
