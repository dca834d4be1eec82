"""Associates in common: namesakes told apart by the company their records keep."""

from __future__ import annotations

import math

import pyarrow as pa
import pytest

from amanat.resolve.associates import (
    MIN_EXAMPLES,
    NO_EVIDENCE,
    AssociateEvidence,
    Company,
    learn,
    rescore,
    second_look,
)
from amanat.resolve.records import PersonRecord

# The regional centre's "Mirlan Mamatov" (10) is a member of group 500 with 11; the court's
# "Маматов Мирлан" (20) is a defendant in case 900 with 21.  11 and 21 are one man (the
# same entity), so 10 and 20 keep the same company.  30 is a namesake in case 901 with 31,
# a stranger.
RECORDS = [
    PersonRecord(10, "Mirlan Mamatov", groups=(500,)),
    PersonRecord(11, "Erlan Asanov", groups=(500,)),
    PersonRecord(20, "Маматов Мирлан", cases=((900, 2),)),
    PersonRecord(21, "Асанов Ерлан", cases=((900, 2),)),
    PersonRecord(30, "Маматов Мирлан", cases=((901, 2),)),
    PersonRecord(31, "Бакиров Улан", cases=((901, 2),)),
    PersonRecord(40, "Маматов Мирлан"),  # no associates at all
]
ENTITY = {11: 11, 21: 11}


def test_an_associate_in_common_is_one_entity_through_two_records() -> None:
    company = Company(RECORDS)
    assert company.in_common(10, 20, ENTITY) == 1
    assert company.in_common(10, 30, ENTITY) == 0
    # no associates on one side: nothing to compare, not evidence against
    assert company.in_common(10, 40, ENTITY) is None


def test_a_context_both_records_share_is_left_to_the_case_comparison() -> None:
    # 20 and 21 share case 900: each other's co-accused, but that is the case comparison's
    company = Company(RECORDS)
    assert company.associates(20, 21) == set()
    assert company.in_common(20, 21, ENTITY) is None


def test_relatives_are_associates_and_unread_persons_never_are() -> None:
    # 50 is related to 51 (read) and to 99, a protected person linkage never reads
    records = [PersonRecord(50, "A", related=(51, 99)), PersonRecord(51, "B", related=(50,))]
    assert Company(records).associates(50, 0) == {51}


def test_a_large_case_ties_no_one_to_anyone() -> None:
    big = [PersonRecord(i, f"P{i}", cases=((7, 200),)) for i in range(1, 5)]
    assert Company(big).associates(1, 0) == set()


def test_evidence_is_learnt_by_expectation_maximisation() -> None:
    sure = [0.995] * 100  # 80 of them with an associate in common, 20 without
    apart = [0.01] * 100  # 2 with, 98 without
    counts: list[int | None] = [1] * 80 + [0] * 20 + [1] * 2 + [0] * 98
    evidence = learn(sure + apart, counts)
    assert evidence.m == pytest.approx(0.8, abs=0.02)
    assert evidence.u == pytest.approx(0.02, abs=0.02)
    assert evidence.weight(2) == pytest.approx(math.log2(evidence.m / evidence.u))
    # unsure pairs with an associate in common are mostly one person: they teach m, not u
    unsure = [0.3] * 100
    more = learn(sure + apart + unsure, [*counts, *([1] * 60 + [0] * 40)])
    assert more.u < 0.2 < 0.7 < more.m  # not the 0.6 a plain share of them would give
    assert evidence.weight(0) < 0 < evidence.weight(1)
    assert evidence.weight(None) == 0.0


def test_too_few_sure_pairs_teach_nothing() -> None:
    few = [0.995] * (MIN_EXAMPLES - 1) + [0.01] * 100
    assert learn(few, [1] * len(few)) == NO_EVIDENCE
    assert NO_EVIDENCE.weight(1) == 0.0


def _pairs(rows: list[tuple[int, int, float]]) -> pa.Table:
    weights = [math.log2(p / (1 - p)) for _, _, p in rows]
    return pa.table(
        {
            "left_id": [a for a, _, _ in rows],
            "right_id": [b for _, b, _ in rows],
            "probability": [p for _, _, p in rows],
            "weight": weights,
        }
    )


def test_rescoring_moves_each_pair_by_its_evidence() -> None:
    evidence = AssociateEvidence(0.8, 0.02)
    pairs = _pairs([(10, 20, 0.3), (10, 30, 0.3), (10, 40, 0.3)])
    table, used = rescore(pairs, Company(RECORDS), ENTITY, evidence)
    assert used == evidence
    shared, other, unknown = table["probability"].to_pylist()
    assert shared > 0.9  # 0.3 plus log2(40) = 5.3 bits
    assert other < 0.3 < shared
    assert unknown == pytest.approx(0.3)
    assert table["associates"].to_pylist() == [1, 0, None]


def test_the_second_look_draws_entities_from_the_first_pass() -> None:
    # 11 ~ 21 is a sure pair of the first pass: that makes them one entity
    pairs = _pairs([(11, 21, 0.99), (10, 20, 0.3), (10, 30, 0.3)])
    table, _ = second_look(pairs, RECORDS, auto_merge=0.8, evidence=AssociateEvidence(0.8, 0.02))
    assert table["associates"].to_pylist() == [None, 1, 0]  # a sure pair stays as it is
    assert table["probability"].to_pylist()[1] > 0.9
