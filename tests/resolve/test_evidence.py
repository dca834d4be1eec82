"""What the review page says of a pair's context: a case or a town in common."""

from __future__ import annotations

from amanat.resolve.evidence import case_evidence, explain, town_evidence
from amanat.resolve.records import PersonRecord

POLICE, COURT = 1, 2


def person(
    org: int, cases: tuple[tuple[int, int], ...] = (), places: tuple[int, ...] = ()
) -> PersonRecord:
    return PersonRecord(0, "Джуманбеков Ерлан", org_id=org, cases=cases, places=places)


def test_a_case_in_common_is_said_with_its_size() -> None:
    found = case_evidence(person(POLICE, ((7, 3), (9, 40))), person(COURT, ((9, 40), (7, 3))))
    assert found.score == 1.0 and found.reasons == ("both have a role in case 7 (3 people)",)


def test_one_agencys_two_records_in_a_case_are_two_people() -> None:
    found = case_evidence(person(POLICE, ((7, 3),)), person(POLICE, ((7, 3),)))
    assert found.score == 0.0 and "told two people apart" in found.reasons[0]


def test_other_cases_or_none_say_nothing() -> None:
    assert case_evidence(person(POLICE, ((7, 3),)), person(COURT, ((8, 2),))).score is None
    assert case_evidence(person(POLICE), person(COURT, ((8, 2),))).score is None


def test_towns() -> None:
    assert town_evidence(person(POLICE, places=(5, 6)), person(COURT, places=(6,))).score == 1.0
    assert town_evidence(person(POLICE, places=(5,)), person(COURT, places=(6,))).score == 0.0
    assert town_evidence(person(POLICE), person(COURT, places=(6,))).score is None
    assert [e.field for e in explain(person(POLICE), person(COURT))][-2:] == ["cases", "towns"]
