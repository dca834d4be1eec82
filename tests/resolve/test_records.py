"""What linkage reads of a person record besides its identifiers: cases and towns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from tests.resolve.conftest import TinyRegister, add_person

from amanat.register import (
    Case,
    CaseRole,
    CriminalGroup,
    Person,
    PersonAddress,
    Place,
    Relationship,
)
from amanat.resolve.records import PersonRecord, read_people
from amanat.store.engine import session_factory, transaction


def _records(tiny: TinyRegister) -> dict[int, PersonRecord]:
    with session_factory(tiny.engine)() as session:
        return {r.id: r for r in read_people(session)}


def test_cases_come_with_how_many_people_they_hold(tiny: TinyRegister) -> None:
    org = tiny.analyst.org_id
    with transaction(tiny.engine) as session:
        small, large = (Case(org_id=org, case_type="drugs", jurisdiction="KZ") for _ in "ab")
        session.add_all([small, large])
        session.flush()
        witness = add_person(session, org, "Свидетель", (1980, 1, 2), protected=True)
        roles = [(small, tiny.id("marat"), "suspect"), (small, tiny.id("ruslan"), "accused"),
                 (small, witness, "witness"), (large, tiny.id("marat"), "suspect")]  # fmt: skip
        for case, person, role in roles:
            session.add(CaseRole(org_id=org, case_id=case.id, person_id=person, role=role))
        for n in range(5):
            extra = add_person(session, org, f"Соучастник {n}", (1990, 1, 2))
            session.add(CaseRole(org_id=org, case_id=large.id, person_id=extra, role="suspect"))
        small_id, large_id = small.id, large.id
    records = _records(tiny)
    # the protected witness is counted in the case, and never read
    assert records[tiny.id("marat")].cases == ((small_id, 3), (large_id, 6))
    assert records[tiny.id("ruslan")].cases == ((small_id, 3),)
    assert witness not in records
    assert records[tiny.id("ivanov")].cases == ()


def test_a_deleted_role_is_no_context(tiny: TinyRegister) -> None:
    org = tiny.analyst.org_id
    with transaction(tiny.engine) as session:
        case = Case(org_id=org, case_type="drugs", jurisdiction="KZ")
        session.add(case)
        session.flush()
        session.add(
            CaseRole(org_id=org, case_id=case.id, person_id=tiny.id("marat"), role="suspect")
        )
        session.flush()
        session.execute(update(CaseRole).values(deleted_at=dt.datetime.now(dt.UTC)))
    assert _records(tiny)[tiny.id("marat")].cases == ()


def test_towns_of_residence_and_birth_are_read_together(tiny: TinyRegister) -> None:
    org = tiny.analyst.org_id
    with transaction(tiny.engine) as session:
        home, born = (Place(org_id=org, kind="city", name=n, country="KG") for n in ("Ош", "Нарын"))
        session.add_all([home, born])
        session.flush()
        session.add(PersonAddress(person_id=tiny.id("marat"), place_id=home.id))
        session.execute(
            update(Person).where(Person.id == tiny.id("marat")).values(birth_place_id=born.id)
        )
        expected = tuple(sorted((home.id, born.id)))
    assert _records(tiny)[tiny.id("marat")].places == expected
    assert _records(tiny)[tiny.id("ruslan")].places == ()


def test_groups_and_relationships_are_read_both_ways(tiny: TinyRegister) -> None:
    org = tiny.analyst.org_id
    marat, ruslan = tiny.id("marat"), tiny.id("ruslan")
    with transaction(tiny.engine) as session:
        group = CriminalGroup(org_id=org, kind="organised_crime_group", name="Сарбаз")
        session.add(group)
        session.flush()
        session.add_all(
            [
                Relationship(org_id=org, kind="member_of", from_person_id=marat,
                             to_group_id=group.id),
                Relationship(org_id=org, kind="family", from_person_id=marat,
                             to_person_id=ruslan),
            ]
        )  # fmt: skip
        group_id = group.id
    records = _records(tiny)
    assert records[marat].groups == (group_id,)
    assert records[marat].related == (ruslan,)
    assert records[ruslan].related == (marat,)  # a tie is a tie from either end
    assert records[tiny.id("ivanov")].related == ()
