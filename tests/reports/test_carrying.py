"""The story's country and the scene's or verdict's date carry over; a charge takes
no date from the scene."""

from __future__ import annotations

from amanat.reports.carrying import Story, verdict_date


def test_the_country_goes_on_until_another_is_named() -> None:
    story = Story()
    assert story.place(None) is None
    assert story.place("KG") == "KG"
    assert story.place(None) == "KG"
    assert story.place("KZ") == "KZ"


def test_a_date_goes_to_the_same_stage_only() -> None:
    story = Story()
    assert story.date("seizure", "2024-03-12") == "2024-03-12"
    assert story.date("arrest", None) == "2024-03-12"
    assert story.date("charge", None) is None
    assert story.date("sentence", None) is None
    assert story.date("conviction", "2024-05-02") == "2024-05-02"
    assert story.date("sentence", None) == "2024-05-02"


def test_the_verdicts_date_from_its_own_sentence() -> None:
    sentences = [
        ("Суд приговорил троих к 6 годам.", None),
        ("Приговор вынесен 27 июня.", "2024-06-27"),
    ]
    assert verdict_date(sentences) == "2024-06-27"
    assert verdict_date([("Police said on 2 May.", "2024-05-02")]) is None


def test_the_same_day_ties_any_event_and_the_first_country_serves_those_before() -> None:
    story = Story(first_country="TJ")
    assert story.place(None) == "TJ"
    assert story.date("arrest", "2024-03-12") == "2024-03-12"
    assert story.date("charge", None, "He was charged the same day.") == "2024-03-12"
    assert story.date("charge", None, "He was charged later.") is None
