"""Records round-trip through SQLite and PostgreSQL with their provenance."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from amanat.register import (
    Case,
    CaseRole,
    InvalidValue,
    Organisation,
    Person,
    PersonName,
    PipelineEvent,
    Relationship,
)
from amanat.store.engine import session_factory, transaction


def _organisation(session: Session, code: str = "KZ-POL") -> Organisation:
    org = Organisation(code=code, name="Police of a Kazakh oblast", kind="police", country="KZ")
    session.add(org)
    session.flush()
    return org


def test_a_person_keeps_names_in_every_script_as_written(engine: Engine) -> None:
    with transaction(engine) as session:
        org = _organisation(session)
        person = Person(org_id=org.id, sex="male", birth_year=1984, birth_month=7)
        person.names = [
            PersonName(full_name="Джуманбеков Ерлан Серикович", script="Cyrl", language="kk"),
            PersonName(full_name="JUMANBEKOV ERLAN", script="Latn", kind="alias"),
        ]
        person.citizenships.extend([])
        session.add(person)
    with session_factory(engine)() as session:
        stored = session.scalars(select(Person)).one()
        assert [n.full_name for n in stored.names] == [
            "Джуманбеков Ерлан Серикович",
            "JUMANBEKOV ERLAN",
        ]
        assert stored.birth_date_text == "1984-07"
        # Provenance defaults: graded "cannot be judged", marked AMBER, handling H0.
        assert (stored.reliability, stored.credibility, stored.tlp, stored.handling) == (
            "F",
            "6",
            "AMBER",
            "H0",
        )
        assert stored.submitted_at is not None
        assert stored.version == 1


def test_a_stale_update_is_refused(engine: Engine) -> None:
    with transaction(engine) as session:
        org = _organisation(session)
        case = Case(org_id=org.id, case_type="tip", jurisdiction="UZ", case_number="1-2024")
        session.add(case)
    make = session_factory(engine)
    with make() as first, make() as second:
        mine = first.get(Case, case.id)
        theirs = second.get(Case, case.id)
        assert mine is not None and theirs is not None
        mine.status = "investigation"
        first.commit()
        theirs.status = "closed"
        with pytest.raises(StaleDataError):
            second.commit()
    with make() as session:
        assert session.get(Case, case.id).status == "investigation"  # type: ignore[union-attr]


def test_the_database_refuses_a_relationship_without_exactly_one_end(engine: Engine) -> None:
    with transaction(engine) as session:
        org = _organisation(session)
        person = Person(org_id=org.id)
        session.add(person)
    # Core insert bypasses the ORM's checks: the CHECK constraint must hold alone.
    row = {"org_id": org.id, "kind": "associate", "from_person_id": person.id}
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert(Relationship.__table__).values(**row))


def test_a_victim_role_cannot_carry_perpetrator_attributes(engine: Engine) -> None:
    with pytest.raises(InvalidValue, match=r"case_role\.perpetrator_role: 'Transporter'"):
        with transaction(engine) as session:
            org = _organisation(session)
            case = Case(org_id=org.id, case_type="tip", jurisdiction="KG")
            person = Person(org_id=org.id)
            session.add_all([case, person])
            session.flush()
            session.add(
                CaseRole(
                    org_id=org.id,
                    case_id=case.id,
                    person_id=person.id,
                    role="victim",
                    perpetrator_role="Transporter",
                )
            )
    with session_factory(engine)() as session:
        assert session.scalars(select(Case)).all() == []


def test_sentences_belong_to_sentencing_events(engine: Engine) -> None:
    with pytest.raises(InvalidValue, match="sentence_months: 36 is given for stage 'arrested'"):
        with transaction(engine) as session:
            org = _organisation(session)
            case = Case(org_id=org.id, case_type="drugs", jurisdiction="TJ")
            session.add(case)
            session.flush()
            session.add(
                PipelineEvent(
                    org_id=org.id,
                    case_id=case.id,
                    stage="arrested",
                    occurred_on=dt.date(2021, 4, 2),
                    sentence_months=36,
                )
            )
