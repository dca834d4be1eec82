"""The extractor: one interface, made of parts (entities, dates, quantities, events),
so that a better part can replace one without touching the rest.

Each event is proposed from one sentence, with what that sentence itself says: its
date, its country, its counts and its actors.  Nothing is carried over from
neighbouring sentences — a missing date is left missing for the analyst rather than
guessed, because she must be able to trust what she is shown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Protocol

from amanat.reports.candidates import (
    Actor,
    Event,
    Evidence,
    Extraction,
    Mention,
    Quantity,
)
from amanat.reports.dates import find_dates
from amanat.reports.document import ReportText
from amanat.reports.entities import DefaultEntities, EntityPart
from amanat.reports.events import hedged, kinds_in
from amanat.reports.gazetteer import Gazetteer, countries

COURT_WORDS = ("суд", "court", "сот")
OFFICIAL_WORDS = ("official", "officer", "чиновник", "сотрудник", "начальник", "глава")
# The counts an event of each kind reports.
COUNTS_BY_KIND = {
    "seizure": ("mass_kg", "weapons"),
    "rescue": ("victims", "people"),
    "sentence": ("prison_years", "people"),
    "conviction": ("people", "prison_years"),
    "arrest": ("people",),
    "charge": ("people",),
    "prosecution": ("people",),
    "statistic": ("people", "victims", "mass_kg", "weapons"),
    "operation": ("people", "victims", "mass_kg", "weapons"),
    "acquittal": ("people",),
}
# A country named as someone's citizenship or home is not where the event happened.
NOT_THE_PLACE = re.compile(
    r"(?:граждан\w*|жител\w*|уроженц\w*|из|citizens?\s+of|nationals?\s+of|residents?\s+of|"
    r"from|азаматы)\s+$",
    re.IGNORECASE,
)
SUSPECT_KINDS = {"arrest", "charge", "prosecution", "conviction", "sentence", "acquittal"}


class Extractor(Protocol):
    def extract(self, report: ReportText, published_on: dt.date) -> Extraction: ...


def _role(kind: str, mention: Mention) -> str | None:
    lowered = mention.text.casefold()
    if mention.kind == "organisation" or (mention.kind == "place" and mention.code is None):
        if any(word in lowered for word in COURT_WORDS):
            return "court"
        return "agency" if mention.kind == "organisation" else None
    if mention.kind == "person":
        return "suspect" if kind in SUSPECT_KINDS else "official" if kind == "statistic" else None
    return None


def _counts(kind: str, quantities: list[Quantity]) -> tuple[dict[str, float], str | None]:
    wanted = COUNTS_BY_KIND.get(kind, ())
    counts: dict[str, float] = {}
    substance = None
    for quantity in quantities:
        if quantity.kind in wanted:
            counts[quantity.kind] = counts.get(quantity.kind, 0.0) + quantity.value
            substance = substance or quantity.substance
    return counts, substance


@dataclass
class DefaultExtractor:
    """Rules and dictionaries, with natasha's NER for Russian."""

    entities: EntityPart = field(default_factory=DefaultEntities)
    gazetteer: Gazetteer = field(default_factory=countries)

    def extract(self, report: ReportText, published_on: dt.date) -> Extraction:
        from amanat.reports.quantities import find_quantities

        text, language = report.text, report.language
        mentions = self.entities.mentions(text, language, self.gazetteer)
        events: list[Event] = []
        for sentence in report.sentences:
            kinds = kinds_in(sentence.text)
            if not kinds:
                continue
            inside = [m for m in mentions if sentence.start <= m.start and m.stop <= sentence.stop]
            dates = find_dates(sentence.text, language, published_on)
            quantities = find_quantities(sentence.text)
            country = next(
                (
                    m.code
                    for m in inside
                    if m.kind == "place"
                    and m.code
                    and not NOT_THE_PLACE.search(text[max(0, m.start - 20) : m.start])
                ),
                None,
            )
            region = next((m.text for m in inside if m.kind == "place" and not m.code), None)
            evidence = Evidence(sentence.start, sentence.stop, sentence.text)
            is_hedged = hedged(sentence.text)
            for kind, _, negated in kinds:
                counts, substance = _counts(kind, quantities)
                actors = []
                for mention in inside:
                    role = _role(kind, mention)
                    if role is not None:
                        actors.append(Actor(role, mention))
                events.append(
                    Event(
                        kind,
                        evidence,
                        date=dates[0].value if dates else None,
                        country=country,
                        region=region,
                        counts=counts,
                        substance=substance,
                        actors=tuple(actors),
                        hedged=is_hedged,
                        negated=negated,
                    )
                )
        return Extraction(language, tuple(events), tuple(mentions))
