"""Agreement of two name parts: similarity, weight, and the reason."""

from __future__ import annotations

from amanat.names.agreement import (
    INEXACT,
    INITIAL_WEIGHT,
    PATRONYMIC_CONFLICT_WEIGHT,
    PATRONYMIC_WEIGHT,
    agreement,
)
from amanat.names.parts import NamePart, name_parts


def part(name: str) -> NamePart:
    (only,) = name_parts(name)
    return only


def test_same_key_is_full_agreement() -> None:
    found = agreement(part("Джуманбеков"), part("Zhumanbekov"))
    assert found.similarity == 1.0
    assert not found.unsure and not found.gender_conflict


def test_masculine_and_feminine_forms_agree_but_conflict() -> None:
    found = agreement(part("Ivanov"), part("Ivanova"))
    assert found.similarity == 1.0
    assert found.gender_conflict


def test_different_keys_never_reach_full_agreement() -> None:
    found = agreement(part("Жумабеков"), part("Джуманбеков"))
    assert 0.7 < found.similarity <= INEXACT
    assert agreement(part("Алиев"), part("Каримов")).similarity == 0.0


def test_patronymics_weigh_more_when_they_conflict() -> None:
    same = agreement(part("Серикович"), part("Serikuly"))
    other = agreement(part("Серикович"), part("Akmalovich"))
    assert (same.similarity, same.weight) == (1.0, PATRONYMIC_WEIGHT)
    assert (other.similarity, other.weight) == (0.0, PATRONYMIC_CONFLICT_WEIGHT)


def test_initials_agree_lightly_and_both_ways() -> None:
    forward = agreement(part("Ш."), part("S."))
    backward = agreement(part("S."), part("Ш."))
    assert forward.similarity == backward.similarity == 1.0
    assert forward.weight == INITIAL_WEIGHT and forward.unsure
    assert agreement(part("Е."), part("Бакыт")).similarity == 0.0


def test_family_name_and_fathers_name() -> None:
    (asan_uulu,) = name_parts("Асан уулу")
    found = agreement(part("Асанов"), asan_uulu)
    assert found.unsure and found.similarity > 0.7
    assert "father's name" in found.reason
