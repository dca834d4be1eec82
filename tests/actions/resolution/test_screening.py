"""Screening through the door: within what the caller may see, the screening and each
hit in the trail, and refused to roles that read no records."""

from __future__ import annotations

import pytest
from tests.actions.conftest import acting, detail, trail
from tests.resolve.conftest import TinyRegister

from amanat.access.accounts import add_user
from amanat.access.roles import PermissionDenied
from amanat.actions.errors import FieldProblem
from amanat.actions.resolution import screening
from amanat.resolve.run import RunOptions, resolve
from amanat.resolve.screening import registry_record
from amanat.store.engine import transaction

ROWS = [
    registry_record(1, {"id": "B-1", "name": "DZHUMANBEKOV YERLAN", "birth_date": "14.03.1985"}),
    registry_record(2, {"id": "B-2", "name": "Smith John", "birth_date": "1970"}),
]


def test_each_hit_is_audited_and_hidden_records_are_never_hits(tiny: TinyRegister) -> None:
    resolve(tiny.engine, RunOptions())
    with acting(tiny.engine, "aigul") as ctx:
        against = screening.screening_list(ctx, "all")
    with acting(tiny.engine, "aigul") as ctx:
        hits = screening.screen(ctx, against, ROWS)
    found = {h.target.id for h in hits}
    assert set(tiny.ids["erlan"]) <= found and tiny.id("hidden") not in found
    first, *rest = trail(tiny.engine)
    assert (first.action, first.purpose) == ("screen", "screening against the all list")
    assert detail(first)["rows"] == 2 and detail(first)["hits"] == len(hits)
    assert [(e.action, int(e.target_id or 0)) for e in rest] == [
        ("screen_hit", h.target.id) for h in hits
    ]
    assert {e.actor_user_id for e in rest} == {tiny.analyst.user_id}


def test_screening_is_refused_to_roles_that_read_no_records(tiny: TinyRegister) -> None:
    resolve(tiny.engine, RunOptions())
    with transaction(tiny.engine) as session:
        add_user(session, "KZ-POL", "olga", "Olga", "auditor", "pw-olga-1234567")
    with pytest.raises(PermissionDenied, match="lacks 'read'"):
        with acting(tiny.engine, "olga") as ctx:
            screening.screening_list(ctx, "all")


def test_an_unknown_list_and_a_missing_model_are_said_plainly(tiny: TinyRegister) -> None:
    with pytest.raises(screening.NoModel), acting(tiny.engine, "aigul") as ctx:
        screening.screening_list(ctx, "all")
    resolve(tiny.engine, RunOptions())
    with pytest.raises(FieldProblem, match="unknown list 'missing'"):
        with acting(tiny.engine, "aigul") as ctx:
            screening.screening_list(ctx, "missing")
    assert [e.action for e in trail(tiny.engine)] == []
