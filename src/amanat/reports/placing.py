"""Where and when a sentence's event happened, from that sentence's words.

A country named as someone's citizenship or home, as a destination ("в Россию", "to
Dubai") or across a border ("on the border with China") is not where the event
happened.  A date inside a relative clause ("которые в 2022 году переправили") or after
"since" dates something else.  A statistic is dated by its period (a year), not by the
day it was announced.
"""

from __future__ import annotations

import re

from amanat.reports.candidates import DateFound, Mention

NOT_THE_PLACE = re.compile(
    r"(?:граждан\w*|жител\w*|уроженц\w*|из|citizens?\s+of|nationals?\s+of|residents?\s+of|"
    r"from|азаматы|(?:border|frontier)\s+with|границ\w*\s+с|to|into|towards|bound\s+for)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Russian "в/на" with a name not in the locative ("в Казахстан", "в Россию") is where to.
INTO = re.compile(r"(?:\bв|\bво|\bна)\s+$", re.IGNORECASE)
LOCATIVE = re.compile(r"(?:[еи]|ой|ом|ем|ей)$|[А-ЯЁA-Z]{2,}$")
RELATIVE_CLAUSE = re.compile(r"(?:котор\w+|who|since|с\s+тех\s+пор)\b[^,;]*$", re.I)


def _elsewhere(text: str, mention: Mention) -> bool:
    before = text[max(0, mention.start - 30) : mention.start]
    if NOT_THE_PLACE.search(before):
        return True
    if INTO.search(before):
        return LOCATIVE.search(mention.text) is None
    return False


def place_of(text: str, mentions: list[Mention]) -> tuple[str | None, str | None]:
    """(country, region) of a sentence: its first place that is the event's."""
    places = [m for m in mentions if m.kind == "place" and not _elsewhere(text, m)]
    country = next((m.country or m.code for m in places if m.country or m.code), None)
    region = next((m.text for m in places if not m.code), None)
    return country, region


def date_of(kind: str, sentence: str, dates: list[DateFound]) -> str | None:
    """The event's date among the sentence's (offsets in the sentence)."""
    usable = [d for d in dates if not RELATIVE_CLAUSE.search(sentence[: d.start])]
    if kind == "statistic":
        years = [d for d in usable if len(d.value) == 4]
        usable = years or usable
    return usable[0].value if usable else None
