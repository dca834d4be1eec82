"""Event kinds in a sentence, with negation and hedging kept as marks."""

from __future__ import annotations

from amanat.reports.events import hedged, kinds_in


def _kinds(sentence: str) -> list[tuple[str, bool]]:
    return [(kind, negated) for kind, _, negated in kinds_in(sentence)]


def test_several_kinds_in_one_sentence() -> None:
    assert _kinds("Сотрудники задержали курьера и изъяли 20 кг героина.") == [
        ("arrest", False),
        ("seizure", False),
    ]
    assert _kinds("The court convicted three men and sentenced them to 10 years.") == [
        ("conviction", False),
        ("sentence", False),
    ]
    assert _kinds("Суд приговорил организатора к 8 годам лишения свободы.") == [("sentence", False)]


def test_negation() -> None:
    assert _kinds("He was not charged.") == [("charge", True)]
    assert _kinds("Он не был задержан.") == [("arrest", True)]


def test_hedging() -> None:
    assert hedged("A customs officer reportedly helped the network.")
    assert hedged("По неподтверждённым данным, в схеме участвовал сотрудник таможни.")
    assert not hedged("Police arrested two men.")
