"""Judgements are the source of truth: later runs respect them; undo and split work.

Their audit entries are the actions' (tests/actions/resolution)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from tests.resolve.conftest import TinyRegister

from amanat.access.sharing import NotFound
from amanat.resolve import canonical, judgements
from amanat.resolve.models import Candidate, Judgement
from amanat.resolve.run import RunOptions, resolve
from amanat.store.engine import session_factory, transaction


def entity(tiny: TinyRegister, record_id: int) -> int:
    with session_factory(tiny.engine)() as session:
        return canonical.entity_of(session, "person", record_id)


def test_a_different_judgement_survives_the_next_run(tiny: TinyRegister) -> None:
    resolve(tiny.engine, RunOptions())
    first, second, third = tiny.ids["erlan"]
    with transaction(tiny.engine) as session:
        judgements.judge(session, tiny.analyst, "person", first, third, "different")
    assert entity(tiny, first) != entity(tiny, third)
    resolve(tiny.engine, RunOptions(full=True))
    # the wall holds: the third record can join neither the first nor anyone linked to it
    assert entity(tiny, first) != entity(tiny, third)
    assert entity(tiny, first) == entity(tiny, second)


def test_a_same_judgement_links_what_the_model_would_not(tiny: TinyRegister) -> None:
    resolve(tiny.engine, RunOptions())
    marat, ruslan = tiny.id("marat"), tiny.id("ruslan")
    with transaction(tiny.engine) as session:
        made = judgements.judge(session, tiny.analyst, "person", ruslan, marat, "same", "alias")
        assert (made.left_id, made.right_id, made.source) == (marat, ruslan, "analyst")
        assert made.user_id == tiny.analyst.user_id and made.created_at is not None
    resolve(tiny.engine, RunOptions(full=True))
    assert entity(tiny, ruslan) == entity(tiny, marat) == marat


def test_undo_restores_what_the_model_says(tiny: TinyRegister) -> None:
    resolve(tiny.engine, RunOptions())
    marat, ruslan = tiny.id("marat"), tiny.id("ruslan")
    with transaction(tiny.engine) as session:
        made = judgements.judge(session, tiny.analyst, "person", marat, ruslan, "same")
    with transaction(tiny.engine) as session:
        undone = judgements.undo(session, tiny.analyst, made.id)
        assert undone.undone_by_user_id == tiny.analyst.user_id
    assert entity(tiny, ruslan) == ruslan
    with transaction(tiny.engine) as session, pytest.raises(NotFound):
        judgements.undo(session, tiny.analyst, made.id)


def test_an_undone_automatic_merge_is_not_made_again(tiny: TinyRegister) -> None:
    resolve(tiny.engine, RunOptions())
    first, second, _ = tiny.ids["erlan"]
    with session_factory(tiny.engine)() as session:
        auto = session.scalars(
            select(Judgement).where(
                Judgement.left_id == first, Judgement.right_id == second, Judgement.source == "auto"
            )
        ).one()
    with transaction(tiny.engine) as session:
        judgements.undo(session, tiny.analyst, auto.id)
    resolve(tiny.engine, RunOptions(full=True))
    with session_factory(tiny.engine)() as session:
        again = session.scalars(
            select(Judgement).where(
                Judgement.left_id == first,
                Judgement.right_id == second,
                Judgement.undone_at.is_(None),
            )
        ).all()
        queued = session.scalars(
            select(Candidate).where(Candidate.left_id == first, Candidate.right_id == second)
        ).all()
    assert again == []
    assert [c.closed_at for c in queued] == [None]  # for an analyst to decide


def test_split_takes_a_record_out_and_keeps_it_out(tiny: TinyRegister) -> None:
    resolve(tiny.engine, RunOptions())
    first, second, third = tiny.ids["erlan"]
    with transaction(tiny.engine) as session:
        made = judgements.split(session, tiny.analyst, "person", third)
    assert {j.verdict for j in made} == {"different"}
    assert entity(tiny, third) == third
    assert entity(tiny, first) == entity(tiny, second)
    resolve(tiny.engine, RunOptions(full=True))
    assert entity(tiny, third) == third
    with transaction(tiny.engine) as session, pytest.raises(judgements.JudgementError):
        judgements.split(session, tiny.analyst, "person", third)


def test_a_judgement_needs_both_records_visible(tiny: TinyRegister) -> None:
    with transaction(tiny.engine) as session, pytest.raises(NotFound):
        judgements.judge(
            session, tiny.analyst, "person", tiny.id("erlan"), tiny.id("hidden"), "same"
        )
    with transaction(tiny.engine) as session, pytest.raises(judgements.JudgementError):
        judgements.judge(
            session, tiny.analyst, "person", tiny.id("erlan"), tiny.id("erlan"), "same"
        )
