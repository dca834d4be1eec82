"""Sentences with their offsets in the report's text: every candidate's evidence is a
sentence, quoted exactly.  razdel's rules handle Russian abbreviations ("г.", "т.е.",
initials) and serve English and Kazakh well enough too."""

from __future__ import annotations

from dataclasses import dataclass

from razdel import sentenize


@dataclass(frozen=True)
class Sentence:
    start: int
    stop: int
    text: str


def split_sentences(text: str) -> tuple[Sentence, ...]:
    return tuple(Sentence(s.start, s.stop, s.text) for s in sentenize(text))
