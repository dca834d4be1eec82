"""A submission is written whole or not at all, and bad input names field and value."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from amanat.intake.submission import SubmissionError, submit
from amanat.register import Case, CaseRole, Organisation, Person, PipelineEvent
from amanat.register.system import set_by_register
from amanat.store.engine import session_factory, transaction

GOOD: dict[str, Any] = {
    "organisation": "KG-POL",
    "defaults": {"tlp": "AMBER+STRICT", "handling": "H1", "reliability": "B", "credibility": "2"},
    "records": [
        {
            "kind": "person",
            "ref": "suspect",
            "external_id": "KG-2024-P-17",
            "sex": "male",
            "birth_year": 1979,
            "names": [
                {"full_name": "Асанов Бакыт Жумабекович", "script": "Cyrl", "language": "ky"},
                {"full_name": "ASANOV BAKYT", "script": "Latn", "kind": "alias"},
            ],
            "citizenships": ["KG"],
            "documents": [{"doc_type": "international_passport", "number": "AC1234567"}],
            "phones": ["+996 555 000 111"],
        },
        {
            "kind": "case",
            "ref": "case",
            "case_type": "tip",
            "jurisdiction": "kg",
            "case_number": "02-171-2024",
            "opened_on": "2024-02-11",
            "charges": [{"country": "KG", "article": "171", "part": "2"}],
        },
        {
            "kind": "case_role",
            "case_id": "@case",
            "person_id": "@suspect",
            "role": "suspect",
            "perpetrator_role": "RecruiterOrIntermediary",
        },
        {
            "kind": "pipeline_event",
            "case_id": "@case",
            "person_id": "@suspect",
            "stage": "arrested",
            "occurred_on": "2024-03-01",
        },
    ],
}


@pytest.fixture
def registered(engine: Engine) -> Engine:
    with transaction(engine) as session:
        session.add(Organisation(code="KG-POL", name="Kyrgyz police", kind="police", country="KG"))
    return engine


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(model)) or 0)


def test_a_good_submission_is_written_with_its_marking(registered: Engine) -> None:
    result = submit(registered, GOOD)
    assert result.created == {"person": 1, "case": 1, "case_role": 1, "pipeline_event": 1}
    with session_factory(registered)() as session:
        person = session.get(Person, result.ids["suspect"])
        assert person is not None
        assert person.names[0].full_name == "Асанов Бакыт Жумабекович"
        assert person.citizenships[0].country == "KG"
        assert (person.tlp, person.handling, person.reliability) == ("AMBER+STRICT", "H1", "B")
        assert person.org_id == session.scalar(select(Organisation.id))
        case = session.get(Case, result.ids["case"])
        assert case is not None and case.jurisdiction == "KG"
        role = session.scalars(select(CaseRole)).one()
        assert (role.case_id, role.person_id) == (case.id, person.id)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ((3, "stage"), "jailed", "records[3].pipeline_event.stage: 'jailed' is not a code"),
        ((3, "occurred_on"), "2024-02-30", "records[3].pipeline_event.occurred_on: '2024-02-30'"),
        ((0, "birth_year"), 1850, "records[0].person.birth_year: 1850 is not a year"),
        ((1, "jurisdiction"), "QQ", "records[1].case.jurisdiction: 'QQ' is not an ISO 3166-1"),
        ((0, "colour"), "red", "records[0].person.colour: 'red' is not a field of person"),
        ((2, "case_id"), "@nowhere", "case_id: '@nowhere' refers to no earlier record"),
        ((0, "org_id"), 5, "records[0].person.org_id: 5 is set by the register"),
    ],
)
def test_a_bad_value_rejects_the_whole_submission(
    registered: Engine, path: tuple[int, str], value: Any, expected: str
) -> None:
    document = copy.deepcopy(GOOD)
    document["records"][path[0]][path[1]] = value
    with pytest.raises(SubmissionError) as caught:
        submit(registered, document)
    assert expected in str(caught.value)
    for model in (Person, Case, CaseRole, PipelineEvent):
        assert _count(registered, model) == 0


@pytest.mark.parametrize("field", sorted(set_by_register(Case)))
def test_what_the_register_keeps_is_refused_by_name(registered: Engine, field: str) -> None:
    # A deletion reason on a live record (a record deleted only in appearance) was taken.
    document = copy.deepcopy(GOOD)
    document["records"][1][field] = "merged into 02-170-2024"
    with pytest.raises(SubmissionError) as caught:
        submit(registered, document)
    assert f"records[1].case.{field}: 'merged into 02-170-2024' is set by the register" in str(
        caught.value
    )
    assert _count(registered, Case) == 0


def test_the_documentation_names_what_the_register_keeps() -> None:
    docs = Path(__file__).parents[2] / "docs" / "submissions.md"
    said = re.search(r"Fields the register keeps \(([^)]*)\)", " ".join(docs.read_text().split()))
    assert said is not None
    assert set(re.findall(r"`(\w+)`", said.group(1))) == set_by_register(Case)


def test_a_negative_seizure_quantity_names_the_nested_field(registered: Engine) -> None:
    document = {
        "organisation": "KG-POL",
        "records": [
            {
                "kind": "seizure",
                "seized_on": "2023-06-01",
                "country": "KG",
                "drugs": [{"substance": "heroin", "quantity_kg": "-1,5"}],
            }
        ],
    }
    with pytest.raises(
        SubmissionError,
        match=r"records\[0\]\.seizure\.drugs\[0\]\.quantity_kg: '-1,5' must not be negative",
    ):
        submit(registered, document)


def test_a_reference_to_a_missing_record_is_refused_by_the_database(registered: Engine) -> None:
    document = {
        "organisation": "KG-POL",
        "records": [{"kind": "case_role", "case_id": 999, "person_id": 998, "role": "suspect"}],
    }
    with pytest.raises(SubmissionError, match="refused by the database"):
        submit(registered, document)
    assert _count(registered, CaseRole) == 0


def test_only_registered_organisations_submit(registered: Engine) -> None:
    with pytest.raises(SubmissionError, match="'XX-NONE' is not a registered organisation"):
        submit(registered, {**GOOD, "organisation": "XX-NONE"})


def test_unknown_kinds_are_named(registered: Engine) -> None:
    document = {"organisation": "KG-POL", "records": [{"kind": "organisation", "code": "x"}]}
    with pytest.raises(SubmissionError, match=r"records\[0\]\.kind: 'organisation' is not"):
        submit(registered, document)


def test_kind_columns_of_records_and_their_parts(registered: Engine) -> None:
    document = {
        "organisation": "KG-POL",
        "records": [
            {"kind": "group", "ref": "g", "group_kind": "clan", "name": "Clan of the valley"},
            {
                "kind": "person",
                "ref": "p",
                "names": [{"full_name": "Асанов Бакыт", "kind": "alias"}],
            },
            {
                "kind": "relationship",
                "relationship_kind": "member_of",
                "from_person_id": "@p",
                "to_group_id": "@g",
            },
        ],
    }
    result = submit(registered, document)
    with session_factory(registered)() as session:
        from amanat.register import CriminalGroup, Relationship

        assert session.get(CriminalGroup, result.ids["g"]).kind == "clan"  # type: ignore[union-attr]
        assert session.scalars(select(Relationship.kind)).one() == "member_of"
        person = session.get(Person, result.ids["p"])
        assert person is not None and person.names[0].kind == "alias"


def test_a_sharing_group_of_another_organisation_is_refused(registered: Engine) -> None:
    from amanat.access import groups

    with transaction(registered) as session:
        session.add(Organisation(code="UZ-POL", name="Uzbek police", kind="police", country="UZ"))
        session.flush()
        theirs = groups.add_group(session, "Their group", "UZ-POL").id
    document = copy.deepcopy(GOOD)
    document["records"][1].update(distribution="group", sharing_group_id=theirs)
    refused = r"records\[1\]\.case\.sharing_group_id: 1 is not a sharing group of yours"
    with pytest.raises(SubmissionError, match=refused):
        submit(registered, document)
    assert _count(registered, Case) == 0
    with transaction(registered) as session:
        groups.add_member(session, "Their group", "KG-POL")
    submit(registered, document)
    assert _count(registered, Case) == 1
