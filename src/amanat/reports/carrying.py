"""What an event takes from the text around its sentence, as a reader does.

A report tells one story: the country it has named goes on being the place until it
names another, so "The court sentenced them" after "in Osh" is in Kyrgyzstan.  A date
goes only to events of the same stage of the same story: the arrests, seizures, rescues
and raids of one scene share their day ("detained at the scene"), the conviction,
sentences and acquittals of one verdict share theirs, wherever the verdict's date is
given ("Приговор вынесен 14 ноября"), and the figures of one statistic their period
("over the same period").  A charge or a prosecution, which follow later, take none,
unless the text ties it to the day ("the same day", "в тот же день").  A country the
report names only after its first events is theirs too (a story's place is often
given in its second sentence).
"""

from __future__ import annotations

import re

FAMILIES = {
    "arrest": "scene",
    "seizure": "scene",
    "rescue": "scene",
    "operation": "scene",
    "conviction": "verdict",
    "sentence": "verdict",
    "acquittal": "verdict",
    "statistic": "statistic",
}
# A sentence that dates the verdict without reporting one more event.
SAME_DAY = re.compile(
    r"\b(?:the\s+same\s+day|that\s+day|later\s+that\s+day|в\s+(?:тот|этот)\s+же\s+день|"
    r"в\s+тот\s+день|тем\s+же\s+днём)\b",
    re.IGNORECASE,
)
VERDICT_DATE = re.compile(
    r"\b(?:приговор|вердикт|решение\s+суда|verdict|ruling|judgment|sentence\s+was)\w*",
    re.IGNORECASE,
)


class Story:
    """The place and the dates a report has given so far, read in order."""

    def __init__(self, first_country: str | None = None) -> None:
        # The report's first country serves the events before it is named.
        self.country: str | None = first_country
        self.dates: dict[str, str] = {}
        self.last: str | None = None

    def place(self, country: str | None) -> str | None:
        """The sentence's own country, or the story's; remembers the sentence's."""
        if country is not None:
            self.country = country
        return self.country

    def date(self, kind: str, own: str | None, sentence: str = "") -> str | None:
        family = FAMILIES.get(kind)
        if own is not None:
            if family is not None:
                self.dates[family] = own
            self.last = own
            return own
        if SAME_DAY.search(sentence):
            return self.last
        return self.dates.get(family) if family is not None else None


def verdict_date(sentences: list[tuple[str, str | None]]) -> str | None:
    """The date of a sentence that dates the verdict, e.g. "Приговор вынесен 14 ноября":
    (text, its first date) for each sentence of the report."""
    return next((d for text, d in sentences if d is not None and VERDICT_DATE.search(text)), None)
