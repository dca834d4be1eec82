"""`resolve run` on the tiny register: the expected links, and nothing on the noise."""

from __future__ import annotations

from sqlalchemy import select
from tests.resolve.conftest import TinyRegister, add_person

from amanat.register import Case, CaseRole, Organisation, Relationship
from amanat.resolve import canonical
from amanat.resolve.associates import MODEL_KEY
from amanat.resolve.model_store import current_model
from amanat.resolve.models import Candidate, Judgement, ResolutionRun
from amanat.resolve.review import next_items
from amanat.resolve.run import RunOptions, resolve
from amanat.store.engine import session_factory, transaction


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


def test_namesakes_who_keep_the_same_company_are_one_person(tiny: TinyRegister) -> None:
    # The Kazakh police hold "Маматов Мирлан" (no date of birth) in a case with "Асанов
    # Ерлан"; the Kyrgyz MVD hold "Mamatov Mirlan" and his partner "Asanov Erlan".  The two
    # Asanovs share a passport: one man.  So the Mamatovs keep the same company.
    police, mvd = tiny.analyst.org_id, tiny.other.org_id
    with transaction(tiny.engine) as session:
        mamatov_kz = add_person(session, police, "Маматов Мирлан", (None, None, None), "KG")
        asanov_kz = add_person(session, police, "Асанов Ерлан", (1979, 5, 2), "KG", "AC1234567")
        mamatov_kg = add_person(session, mvd, "Mamatov Mirlan", (1981, 7, 9), "KG")
        asanov_kg = add_person(session, mvd, "Asanov Erlan", (1979, 5, 2), "KG", "AC1234567")
        case = Case(org_id=police, case_type="drugs", jurisdiction="KZ")
        session.add(case)
        session.flush()
        for person in (mamatov_kz, asanov_kz):
            session.add(CaseRole(org_id=police, case_id=case.id, person_id=person, role="suspect"))
        session.add(
            Relationship(org_id=mvd, kind="associate", from_person_id=mamatov_kg,
                         to_person_id=asanov_kg)
        )  # fmt: skip
    resolve(tiny.engine, RunOptions())
    assert entity(tiny, asanov_kz) == entity(tiny, asanov_kg)
    assert entity(tiny, mamatov_kz) == entity(tiny, mamatov_kg)
    with session_factory(tiny.engine)() as session:
        model = current_model(session, "person")
    assert model is not None and MODEL_KEY in model.settings  # what associates are worth


def test_the_review_queue_says_how_many_associates_a_pair_has_in_common(
    tiny: TinyRegister,
) -> None:
    police, mvd = tiny.analyst.org_id, tiny.other.org_id
    with transaction(tiny.engine) as session:
        # namesakes with nothing in common but the name: queued, associates not counted
        add_person(session, police, "Токтогулов Азамат", (None, None, None), "KG")
        add_person(session, mvd, "Toktogulov Azamat", (1990, 1, 5), "KG")
    resolve(tiny.engine, RunOptions(auto_merge=0.999))
    with session_factory(tiny.engine)() as session:
        items = next_items(session, tiny.analyst, limit=50)
    toktogulov = [i for i in items if "Toktogulov" in (i.left.name + i.right.name)]
    assert toktogulov
    shown = {e.field: e for e in toktogulov[0].evidence}
    assert shown["associates"].score is None
