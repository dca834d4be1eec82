"""Sentences: a line break ends one, and a line without a closing mark is a heading."""

from __future__ import annotations

from amanat.reports.sentences import split_sentences


def test_a_headline_is_its_own_sentence_and_a_heading() -> None:
    text = "Bishkek police detain two men\n\nPolice arrested two men. They were charged."
    found = split_sentences(text)
    assert [(s.text, s.heading) for s in found] == [
        ("Bishkek police detain two men", True),
        ("Police arrested two men.", False),
        ("They were charged.", False),
    ]
    assert all(text[s.start : s.stop] == s.text for s in found)


def test_the_last_line_is_no_heading_without_its_full_stop() -> None:
    found = split_sentences("Police arrested two men")
    assert [(s.text, s.heading) for s in found] == [("Police arrested two men", False)]
