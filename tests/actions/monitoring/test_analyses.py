"""Monitoring through the door, over the hand-made register of tests/analyze: analyses
need ``read`` and leave one "analyze" entry each; files need ``export`` and leave one
"export" entry when written; another organisation's records stay out of the scope."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.actions.conftest import acting, detail, trail
from tests.analyze.conftest import AS_OF, Monitoring, build

from amanat.access.accounts import add_user
from amanat.access.roles import PermissionDenied
from amanat.access.sharing import NotFound
from amanat.actions.monitoring import analyses, exports, networks
from amanat.actions.monitoring.scope import Asked
from amanat.store.engine import transaction

PASSWORD = "correct horse battery"
KZ_TIP = Asked(country="kz", case_type="tip", year_from=2020, year_to=2021, as_of=AS_OF)


@pytest.fixture
def monitoring(engine: Engine) -> Monitoring:
    found = build(engine)
    with transaction(engine) as session:
        add_user(session, "KZ-POL", "aigerim", "Aigerim", "analyst", PASSWORD)
        add_user(session, "KZ-POL", "olga", "Olga", "auditor", PASSWORD)
        add_user(session, "UZ-PRO", "dilshod", "Dilshod", "prosecutor", PASSWORD)
    return found


def test_an_analysis_is_one_entry_with_its_scope(monitoring: Monitoring) -> None:
    with acting(monitoring.engine, "aigerim") as ctx:
        view = analyses.pipeline(ctx, KZ_TIP)
    assert view.scope.country == "KZ" and view.scope.viewer.org_id == monitoring.police.org_id
    (entry,) = trail(monitoring.engine)
    assert (entry.action, entry.target_kind, entry.target_id) == ("analyze", "analysis", "pipeline")
    found = detail(entry)
    assert found["country"] == "KZ" and found["year_from"] == 2020
    assert found["rows"] == sum(len(t.rows) for t in view.tables()) > 0
    assert found["via"] == "command line as a user"


def test_roles_without_read_or_export_are_refused_naming_it(
    monitoring: Monitoring, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied, match="lacks 'read'"):
        with acting(monitoring.engine, "olga") as ctx:
            analyses.flows(ctx, KZ_TIP)
    written = tmp_path / "pipeline.json"
    with pytest.raises(PermissionDenied, match="lacks 'export'"):
        with acting(monitoring.engine, "olga") as ctx:
            exports.export(ctx, KZ_TIP, "pipeline.json", 3, lambda: written.write_text("{}"))
    assert not written.exists() and trail(monitoring.engine) == []


def test_an_export_is_an_entry_only_when_written(monitoring: Monitoring, tmp_path: Path) -> None:
    def fails() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError), acting(monitoring.engine, "aigerim") as ctx:
        exports.export(ctx, KZ_TIP, "pipeline.csv", 3, fails)
    assert trail(monitoring.engine) == []
    target = tmp_path / "p.json"
    with acting(monitoring.engine, "aigerim") as ctx:
        exports.export(ctx, KZ_TIP, "pipeline.json", 3, lambda: target.write_text("{}"))
    (entry,) = trail(monitoring.engine)
    assert (entry.action, entry.target_id, detail(entry)["rows"]) == ("export", "pipeline.json", 3)


def test_another_organisations_node_answers_like_a_missing_one(monitoring: Monitoring) -> None:
    theirs = f"person:{monitoring.ids['p4']}"
    with acting(monitoring.engine, "dilshod") as ctx:
        drawn = networks.around(ctx, Asked(), theirs)
    assert drawn.view["centre"] == theirs
    answers = []
    for key in (theirs, "person:999999"):
        with pytest.raises(NotFound) as refused, acting(monitoring.engine, "aigerim") as ctx:
            networks.around(ctx, Asked(), key)
        answers.append(str(refused.value).replace(key, "?"))
    assert answers[0] == answers[1]
    entries = [e.actor_user_id for e in trail(monitoring.engine)]
    assert len(entries) == 1  # the Uzbek prosecutor's drawing only
