"""Linkage runs through the door: the regional centre's run is the operator's, a user's
run needs the ``resolve`` permission, and a run is in the trail exactly when its
outcome is in the register."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from tests.actions.conftest import acting, detail, operating, trail
from tests.resolve.conftest import TinyRegister

from amanat.access.accounts import add_user
from amanat.access.roles import PermissionDenied
from amanat.actions.door import Refused
from amanat.actions.resolution import running
from amanat.register import Phone
from amanat.resolve.identifiers import MODEL_VERSION
from amanat.resolve.models import Judgement, ResolutionRun
from amanat.store.engine import session_factory, transaction


def test_the_operators_run_is_audited_with_its_outcome(tiny: TinyRegister) -> None:
    with operating(tiny.engine) as ctx:
        outcome = running.run(ctx, running.Asked())
    assert outcome.report.auto_merged > 0
    run, identifiers = trail(tiny.engine)
    assert (run.action, run.target_kind, run.target_id) == (
        "resolve_run",
        "resolution_run",
        str(outcome.report.run_id),
    )
    assert run.actor_user_id is None and detail(run)["via"] == "system operator"
    assert detail(run)["auto_merged"] == outcome.report.auto_merged
    assert identifiers.action == "resolve_identifiers"
    with operating(tiny.engine) as ctx:
        standing = running.status(ctx)
    assert standing.runs[0].status == "done" and standing.entities > 0


def test_a_run_reopens_identifier_merges_that_no_longer_hold_and_says_so(
    tiny: TinyRegister,
) -> None:
    with transaction(tiny.engine) as session:
        kz, ru = (
            Phone(org_id=tiny.analyst.org_id, number=number, tlp="GREEN")
            for number in ("+7 701 234 56 78", "+7 901 234 56 78")
        )
        session.add_all([kz, ru])
        session.flush()
        session.add(  # as the last nine digits merged them
            Judgement(
                record_kind="phone", left_id=kz.id, right_id=ru.id, verdict="same",
                source="auto", score=1.0, model_version=MODEL_VERSION, note="same phone number",
            )
        )  # fmt: skip
    with operating(tiny.engine) as ctx:
        outcome = running.run(ctx, running.Asked())
    assert outcome.reopened == {"phone": 1, "vehicle": 0, "group": 0}
    _, identifiers = trail(tiny.engine)
    assert detail(identifiers)["reopened_phone"] == 1
    assert detail(identifiers)["merged_phone"] == 0


class Interrupted(Exception):
    pass


def test_a_run_whose_transaction_fails_leaves_neither_merges_nor_an_entry(
    tiny: TinyRegister,
) -> None:
    with pytest.raises(Interrupted), operating(tiny.engine) as ctx:
        running.run(ctx, running.Asked())
        raise Interrupted  # the command fails after the run, before its commit
    assert trail(tiny.engine) == []
    with session_factory(tiny.engine)() as session:
        assert session.scalar(select(func.count()).select_from(Judgement)) == 0
        assert session.scalar(select(ResolutionRun.status)) != "done"


def test_a_users_run_needs_resolve_and_the_regional_run_is_the_operators(
    tiny: TinyRegister,
) -> None:
    with transaction(tiny.engine) as session:
        add_user(session, "KZ-POL", "timur", "Timur", "investigator", "pw-timur-123456")
    with pytest.raises(PermissionDenied, match="lacks 'resolve'"):
        with acting(tiny.engine, "timur") as ctx:
            running.run_as(ctx, running.Asked())
    for run in (running.run, running.status):
        with pytest.raises(Refused, match="not open to a command line"):
            with acting(tiny.engine, "aigul") as ctx:
                run(ctx, running.Asked()) if run is running.run else running.status(ctx)
    with acting(tiny.engine, "aigul") as ctx:
        outcome = running.run_as(ctx, running.Asked())
    assert outcome.report.mode == "full"
    entry = next(e for e in trail(tiny.engine) if e.action == "resolve_run")
    assert (entry.actor_user_id, entry.actor_org_id) == (
        tiny.analyst.user_id,
        tiny.analyst.org_id,
    )
    # only what the analyst sees was read: the Kyrgyz MVD's own record was not
    assert outcome.report.records == sum(
        len(ids) for group, ids in tiny.ids.items() if group not in ("hidden", "protected")
    )
