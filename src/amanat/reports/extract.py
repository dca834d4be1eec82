"""The extractor: one interface, made of parts (entities, dates, quantities, events),
so that a better part can replace one without touching the rest.

Each event is proposed from one sentence, with what that sentence says: its date, its
country, its counts and its actors.  Where the sentence names no country or date, the
event takes the story's as a reader does (carrying.py): the country the report last
named, the date of the same scene or the same verdict; otherwise it is left missing for
the analyst rather than guessed.
"""

from __future__ import annotations

import datetime as dt
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
from amanat.reports.carrying import Story, verdict_date
from amanat.reports.dates import find_dates
from amanat.reports.document import ReportText
from amanat.reports.entities import DefaultEntities, EntityPart
from amanat.reports.events import hedged, kinds_in
from amanat.reports.gazetteer import Gazetteer, countries
from amanat.reports.placing import date_of, place_of

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
        # The first of a kind: a later one is often a part ("из них 812 кг") or other
        # people ("троих жителей, которые переправили тридцать человек").
        if quantity.kind in wanted and quantity.kind not in counts:
            counts[quantity.kind] = quantity.value
            substance = substance or quantity.substance
    # The people a rescue frees are its victims ("freed 17 migrant workers").
    if kind == "rescue" and "people" in counts and "victims" not in counts:
        counts["victims"] = counts.pop("people")
    return counts, substance


def _terms(kind: str, quantities: list[Quantity]) -> list[list[Quantity]]:
    """A sentence event per distinct prison term ("to 12 and 9 years respectively"):
    each is a penalty of its own; one event for the rest of the sentence's kinds."""
    terms = [q for q in quantities if q.kind == "prison_years"]
    if kind != "sentence" or len({q.value for q in terms}) < 2:
        return [quantities]
    others = [q for q in quantities if q.kind != "prison_years"]
    return [[*others, term] for term in terms]


@dataclass
class DefaultExtractor:
    """Rules and dictionaries, with natasha's NER for Russian."""

    entities: EntityPart = field(default_factory=DefaultEntities)
    gazetteer: Gazetteer = field(default_factory=countries)

    def extract(self, report: ReportText, published_on: dt.date) -> Extraction:
        from amanat.reports.quantities import find_quantities

        text, language = report.text, report.language
        mentions = self.entities.mentions(text, language, self.gazetteer)
        dated = [
            (sentence, find_dates(sentence.text, language, published_on))
            for sentence in report.sentences
        ]
        verdict = verdict_date([(s.text, d[0].value if d else None) for s, d in dated])
        placed = [
            (place_of(text, [m for m in mentions if s.start <= m.start and m.stop <= s.stop]))
            for s, _ in dated
        ]
        story = Story(next((country for country, _ in placed if country), None))
        events: list[Event] = []
        for (sentence, dates), (own_country, region) in zip(dated, placed, strict=True):
            inside = [m for m in mentions if sentence.start <= m.start and m.stop <= sentence.stop]
            country = story.place(own_country)
            kinds = [] if sentence.heading else kinds_in(sentence.text)
            if not kinds:
                continue
            quantities = find_quantities(sentence.text)
            evidence = Evidence(sentence.start, sentence.stop, sentence.text)
            is_hedged = hedged(sentence.text)
            for kind, _, negated in kinds:
                date = story.date(kind, date_of(kind, sentence.text, dates), sentence.text)
                if date is None and kind in ("conviction", "sentence", "acquittal"):
                    date = verdict
                actors = tuple(
                    Actor(role, mention)
                    for mention in inside
                    if (role := _role(kind, mention)) is not None
                )
                for found in _terms(kind, quantities):
                    counts, substance = _counts(kind, found)
                    events.append(
                        Event(
                            kind,
                            evidence,
                            date=date,
                            country=country,
                            region=region,
                            counts=counts,
                            substance=substance,
                            actors=actors,
                            hedged=is_hedged,
                            negated=negated,
                        )
                    )
        return Extraction(language, tuple(events), tuple(mentions))
