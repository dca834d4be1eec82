"""The linkage model's comparisons at work: what a shared case, town or agency says.

Scored with the shipped default model (``default_model``), so the figures do not depend
on training; the thresholds are the stored defaults (0.8 merge, 0.2 review).
"""

from __future__ import annotations

import pytest

from amanat.resolve.backends import duckdb_backend
from amanat.resolve.default_model import default_settings
from amanat.resolve.features import SMALL_CASE, feature_table
from amanat.resolve.linkage import link
from amanat.resolve.model_store import AUTO_MERGE_THRESHOLD, REVIEW_THRESHOLD
from amanat.resolve.records import PersonRecord

# The police's suspect and the court's defendant: one man, no date of birth at the police,
# no patronymic at the court.  The name alone sends the pair to review.
POLICE = PersonRecord(1, "Бобоев Хуршед Фирдавсович", "male", org_id=10)
COURT = PersonRecord(2, "Khurshed Boboyev", "male", 1971, 11, 3, org_id=20)
SMALL = (101, 3)  # (case id, people in the case)


def probability(left: PersonRecord, right: PersonRecord) -> float:
    scored = link(duckdb_backend(), feature_table([left, right]), default_settings(), 0.0)
    probabilities = scored.pairs["probability"].to_pylist()
    return probabilities[0] if probabilities else 0.0


def with_context(
    record: PersonRecord,
    cases: tuple[tuple[int, int], ...] = (),
    places: tuple[int, ...] = (),
    org_id: int | None = None,
) -> PersonRecord:
    return PersonRecord(
        record.id, record.name, record.sex, record.birth_year, record.birth_month,
        record.birth_day, record.citizenships, record.documents, record.phones,
        record.org_id if org_id is None else org_id, cases, places,
    )  # fmt: skip


def test_the_name_alone_goes_to_review() -> None:
    assert REVIEW_THRESHOLD <= probability(POLICE, COURT) < AUTO_MERGE_THRESHOLD


def test_one_small_case_links_what_the_name_alone_would_queue() -> None:
    found = probability(with_context(POLICE, (SMALL,)), with_context(COURT, (SMALL,)))
    assert found >= AUTO_MERGE_THRESHOLD


def test_different_cases_are_no_evidence_of_one_person() -> None:
    found = probability(with_context(POLICE, ((101, 3),)), with_context(COURT, ((102, 4),)))
    assert found < AUTO_MERGE_THRESHOLD


def test_a_large_case_says_less_than_a_small_one() -> None:
    large = (103, SMALL_CASE + 20)
    small = probability(with_context(POLICE, (SMALL,)), with_context(COURT, (SMALL,)))
    assert probability(with_context(POLICE, (large,)), with_context(COURT, (large,))) < small


def test_one_agencys_two_records_in_one_case_are_two_people() -> None:
    # a father and son of one name, both suspects in the police's case
    father = with_context(POLICE, (SMALL,))
    son = with_context(COURT, (SMALL,), org_id=POLICE.org_id)
    assert probability(father, son) < REVIEW_THRESHOLD


def test_a_town_in_common_adds_evidence_another_town_takes_it_away() -> None:
    alone = probability(POLICE, COURT)
    same = probability(with_context(POLICE, places=(7,)), with_context(COURT, places=(7,)))
    other = probability(with_context(POLICE, places=(7,)), with_context(COURT, places=(8,)))
    assert other < alone < same


@pytest.mark.parametrize("side", ["left", "right"])
def test_context_missing_on_one_side_gives_no_evidence(side: str) -> None:
    police = with_context(POLICE, (SMALL,), (7,)) if side == "left" else POLICE
    court = with_context(COURT, (SMALL,), (7,)) if side == "right" else COURT
    assert probability(police, court) == pytest.approx(probability(POLICE, COURT))


def test_initials_and_a_birth_date_are_compared_without_a_word_in_common() -> None:
    # no name word in common (HUJAEV, HAJAEV): blocked on the date of birth and the first
    # letters, and the initial let through to the name layer
    full = PersonRecord(1, "Хўжаев А.", "male", 1977, 5, 22, ("UZ",), org_id=10)
    short = PersonRecord(2, "Xojayev Aziz", "male", 1977, 5, 22, ("UZ",), org_id=20)
    assert probability(full, short) >= AUTO_MERGE_THRESHOLD


def test_a_one_word_name_reaches_the_name_layer() -> None:
    # Afghans often go by one name; the court wrote two.  Blocked on the word, the year and
    # the month, the pair is worth the name layer's look (Хамид is a word of Zia Hamid),
    # not thrown to "all other names"
    one = PersonRecord(1, "Хамид", "male", 2001, 3, None, ("AF",), org_id=10)
    two = PersonRecord(2, "Zia Hamid", "male", 2001, 3, 15, ("AF",), org_id=20)
    other = PersonRecord(3, "Zia Rashid", "male", 2001, 3, 15, ("AF",), org_id=20)
    assert probability(one, two) >= REVIEW_THRESHOLD
    assert probability(one, other) < REVIEW_THRESHOLD
