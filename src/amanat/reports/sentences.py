"""Sentences with their offsets in the report's text: every candidate's evidence is a
sentence, quoted exactly.  razdel's rules handle Russian abbreviations ("г.", "т.е.",
initials) and serve English and Kazakh well enough too.

A line break ends a sentence: razdel joins a headline without a full stop to the
paragraph under it, and the headline's words then gave the first sentence's event a
second trigger.  A line without a closing mark (a headline, a caption) is kept as a
heading (unless it is the text's last line): it restates the report's events, it does
not assert one more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from razdel import sentenize

LINE = re.compile(r"[^\n]+")
CLOSED = re.compile(r"[.!?…:;»\"'”)]\s*$")


@dataclass(frozen=True)
class Sentence:
    start: int
    stop: int
    text: str
    heading: bool = False


def split_sentences(text: str) -> tuple[Sentence, ...]:
    found: list[Sentence] = []
    for line in LINE.finditer(text):
        parts = list(sentenize(line.group(0)))
        last = not text[line.end() :].strip()
        heading = not last and len(parts) == 1 and CLOSED.search(line.group(0)) is None
        found.extend(
            Sentence(line.start() + s.start, line.start() + s.stop, s.text, heading)
            for s in parts
            if s.text.strip()
        )
    return tuple(found)
