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


def test_negation_inside_or_after_the_trigger() -> None:
    assert _kinds("Обвинение ей пока не предъявлено.") == [("charge", True)]
    assert _kinds("Владельца цеха задержать не удалось.") == [("arrest", True)]


def test_what_asserts_no_event() -> None:
    # An intention, a future, a condition, a question.
    assert _kinds("Прокуратура намерена обжаловать оправдательный приговор.") == []
    assert _kinds("Officials promise that arrests will break the networks.") == []
    assert _kinds("The suspects face up to 12 years in prison if convicted.") == []
    assert _kinds("The ministry did not say how many suspects had been charged.") == []
    # A participle or a noun standing for a person or the act in general.
    assert _kinds("Задержанным 23 и 27 лет.") == []
    assert _kinds("Жена одного из задержанных заявила, что ничего не знала.") == []
    assert _kinds("Эксперты заявили, что задержания курьеров не решают проблему.") == []
    assert _kinds("The largest heroin seizure since 2019 changed nothing.") == []
    # "был" makes the participle the predicate again.
    assert _kinds("Он был задержан.") == [("arrest", False)]


def test_more_wordings_of_events() -> None:
    assert _kinds("The Osh city court found two residents of Kara-Suu guilty.") == [
        ("conviction", False)
    ]
    assert _kinds("The court found them not guilty.") == [("acquittal", False)]
    assert _kinds("Организатору назначено 11 лет лишения свободы.") == [("sentence", False)]
    assert _kinds("His wife received a suspended sentence.") == [("sentence", False)]
    assert _kinds("Ведётся досудебное расследование.") == [("prosecution", False)]
    assert _kinds("У водителя обнаружено 35 килограммов гашиша.") == [("seizure", False)]
    # "Prosecutors" alone is no prosecution.
    assert _kinds("Prosecutors had asked for a 14-year term.") == []


def test_an_authoritys_aggregate_figures_are_one_statistic() -> None:
    assert _kinds("По данным МВД, в 2021 году было возбуждено 120 уголовных дел.") == [
        ("statistic", False)
    ]
    assert _kinds("In 2023 the service seized 4.2 tonnes and opened 1,150 criminal cases.") == [
        ("statistic", False)
    ]
    assert _kinds(
        "Customs officers reported 1,250 kg of opium intercepted over the same period."
    ) == [("statistic", False)]
    assert _kinds("The agency reported seizing 3.1 tonnes in the first quarter of 2024.") == [
        ("statistic", False)
    ]
    # One criminal case is no aggregate.
    assert _kinds("Прокуратура возбудила 1 уголовное дело.") == [("prosecution", False)]


def test_more_hedges() -> None:
    assert hedged("A customs officer was arrested last week, local media reported.")
    assert hedged("По словам соседей, он уехал в Россию.")


def test_an_attribution_without_figures_is_no_statistic() -> None:
    assert _kinds("По данным ведомства, задержанный признал вину.") == []
    assert _kinds("According to the ministry, 85 victims were identified.") == [
        ("statistic", False)
    ]
