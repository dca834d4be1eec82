"""A person just recorded enters resolution at once (``resolution.arrived``): merged
with, or queued beside, the persons the linkage model finds likely the same; audited
with counts only; another organisation's person answers like a missing one."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from tests.actions.conftest import World

from amanat.access.roles import PermissionDenied
from amanat.actions.errors import NotFound
from amanat.actions.resolution import arrivals
from amanat.resolve.canonical import entity_of
from amanat.resolve.models import Candidate, Judgement
from amanat.store.engine import transaction


def _person(name: str, **fields: Any) -> dict[str, Any]:
    return {"kind": "person", "ref": "person", "names": [{"full_name": name}], **fields}


def _decisions(world: World) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    with transaction(world.engine) as session:
        merged = session.execute(select(Judgement.left_id, Judgement.right_id)).all()
        queued = session.execute(select(Candidate.left_id, Candidate.right_id)).all()
    return [tuple(p) for p in merged], [tuple(p) for p in queued]  # type: ignore[misc]


def test_the_same_man_recorded_again_is_linked_at_once(world: World) -> None:
    born = {"sex": "male", "birth_year": 1984, "citizenships": ["UZ"]}
    first = world.create("prosecutor", _person("Mamadaliev Ulugbek", **born))["person"]
    other = world.create("prosecutor", _person("Saparov Nurlan", **born))["person"]
    second = world.create("police", _person("Мамадалиев Улугбек", **born))["person"]
    with world.acting("police") as ctx:
        outcome = arrivals.arrived(ctx, second)
    assert outcome.merged + outcome.queued == 1
    merged, queued = _decisions(world)
    assert merged + queued == [(first, second)]
    assert other not in {i for pair in merged + queued for i in pair}
    (entry,) = world.entries("resolve_arrived")
    assert entry["target"] == ("person", str(second))
    assert (entry["merged"], entry["queued"]) == (outcome.merged, outcome.queued)
    assert "Mamadaliev" not in str(entry) and "Мамадалиев" not in str(entry)


def test_a_new_name_links_nothing_but_is_audited(world: World) -> None:
    new = world.create("police", _person("Тестов Тест"))["person"]
    with world.acting("police") as ctx:
        assert arrivals.arrived(ctx, new) == arrivals.Arrived(0, 0)
    assert _decisions(world) == ([], [])
    assert len(world.entries("resolve_arrived")) == 1


def test_another_organisations_person_answers_like_a_missing_one(world: World) -> None:
    theirs = world.create("prosecutor", _person("Mamadaliev Ulugbek"))["person"]
    with world.acting("police") as ctx, pytest.raises(NotFound):
        arrivals.arrived(ctx, theirs)
    with world.acting("police") as ctx, pytest.raises(NotFound):
        arrivals.arrived(ctx, 10**9)


def test_a_role_that_does_not_write_may_not(world: World) -> None:
    new = world.create("police", _person("Mamadaliev Ulugbek"))["person"]
    with world.acting("stats") as ctx, pytest.raises(PermissionDenied, match="create"):
        arrivals.arrived(ctx, new)


def test_a_merge_made_at_once_joins_the_entities(world: World) -> None:
    born = {"sex": "male", "birth_year": 1984, "birth_month": 3, "birth_day": 12}
    first = world.create("prosecutor", _person("Mamadaliev Ulugbek", **born))["person"]
    second = world.create("police", _person("Mamadaliev Ulugbek", **born))["person"]
    with world.acting("police") as ctx:
        assert arrivals.arrived(ctx, second).merged == 1
    with transaction(world.engine) as session:
        assert entity_of(session, "person", second) == entity_of(session, "person", first)
