"""`resolve run` on the tiny register: the expected links, and nothing on the noise."""

from __future__ import annotations

from sqlalchemy import select
from tests.resolve.conftest import TinyRegister, add_person

from amanat.register import Organisation
from amanat.resolve import canonical
from amanat.resolve.models import Candidate, Judgement, ResolutionRun
from amanat.resolve.run import RunOptions, resolve
from amanat.store.engine import session_factory


def entity(tiny: TinyRegister, record_id: int) -> int:
    with session_factory(tiny.engine)() as session:
        return canonical.entity_of(session, "person", record_id)


def test_one_man_in_three_spellings_is_one_entity(tiny: TinyRegister) -> None:
    report = resolve(tiny.engine, RunOptions())
    assert report.mode == "full"
    assert report.model_origin == "default"  # too few records to train on
    erlan = tiny.ids["erlan"]
    assert {entity(tiny, r) for r in erlan} == {min(erlan)}


def test_namesakes_relatives_and_protected_stay_apart(tiny: TinyRegister) -> None:
    resolve(tiny.engine, RunOptions())
    assert entity(tiny, tiny.id("ivanov")) != entity(tiny, tiny.id("ivanova"))
    assert entity(tiny, tiny.id("marat")) != entity(tiny, tiny.id("ruslan"))
    protected = tiny.id("protected")
    assert entity(tiny, protected) == protected


def test_noise_is_never_linked(tiny: TinyRegister) -> None:
    resolve(tiny.engine, RunOptions())
    noise = set(tiny.ids["noise"])
    with session_factory(tiny.engine)() as session:
        judged = session.execute(select(Judgement.left_id, Judgement.right_id)).all()
        queued = session.execute(select(Candidate.left_id, Candidate.right_id)).all()
    touched = {r for pair in [*judged, *queued] for r in pair}
    assert not touched & noise
    for record in noise:
        assert entity(tiny, record) == record


def test_a_user_run_reads_only_what_the_user_sees(tiny: TinyRegister) -> None:
    report = resolve(tiny.engine, RunOptions(viewer=tiny.analyst, user_id=tiny.analyst.user_id))
    hidden = tiny.id("hidden")
    assert entity(tiny, hidden) == hidden
    with session_factory(tiny.engine)() as session:
        run = session.get(ResolutionRun, report.run_id)
        assert run is not None and run.scoped and run.status == "done"
    system = resolve(tiny.engine, RunOptions(full=True))
    assert system.records == report.records + 1  # the hidden record


def test_new_records_are_linked_as_they_arrive(tiny: TinyRegister) -> None:
    first = resolve(tiny.engine, RunOptions())
    nothing = resolve(tiny.engine, RunOptions())
    assert (nothing.mode, nothing.new_records, nothing.pairs_scored) == ("incremental", 0, 0)
    with session_factory(tiny.engine)() as session, session.begin():
        kz = session.scalar(select(Organisation.id).where(Organisation.code == "KZ-POL"))
        assert kz is not None
        newcomer = add_person(session, kz, "Dzhumanbekov Yerlan", (1985, 3, 14), "KZ", "N12345678")
    second = resolve(tiny.engine, RunOptions())
    assert second.mode == "incremental" and second.new_records == 1
    assert second.model_version == first.model_version
    assert entity(tiny, newcomer) == min(tiny.ids["erlan"])


def test_the_network_hook_gives_entities_within_what_the_viewer_sees(tiny: TinyRegister) -> None:
    resolve(tiny.engine, RunOptions())
    seen = dict(canonical.assignment(tiny.engine, "person", tiny.analyst))
    erlan = tiny.ids["erlan"]
    assert {seen[r] for r in erlan} == {min(erlan)}
    assert tiny.id("hidden") not in seen
    assert dict(canonical.assignment(tiny.engine, "vehicle", tiny.analyst)) == {}
