"""What an extractor proposes: mentions, quantities, dates and events, each pointing at
the exact characters of the report it came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """The sentence a candidate came from: offsets in the report's main text and the
    quoted words, exactly as they stand."""

    start: int
    stop: int
    quote: str


@dataclass(frozen=True)
class Mention:
    """A person, organisation or place named in the text."""

    kind: str  # "person", "organisation", "place"
    text: str
    start: int
    stop: int
    # What the name is in the register's dictionaries: a country code, an organisation's code.
    code: str | None = None
    # The country a place is in (a city, a region, a country itself), or whose agency
    # a demonym names ("Tajik border guards").
    country: str | None = None


@dataclass(frozen=True)
class Quantity:
    kind: str  # "mass_kg", "people", "victims", "weapons", "prison_years"
    value: float
    start: int
    stop: int
    substance: str | None = None


@dataclass(frozen=True)
class DateFound:
    """A date, as precise as the text: "2013", "2013-10" or "2013-10-14"."""

    value: str
    start: int
    stop: int


@dataclass(frozen=True)
class Actor:
    role: str  # "suspect", "victim", "court", "agency", "official"
    mention: Mention


@dataclass(frozen=True)
class Event:
    kind: str
    evidence: Evidence
    date: str | None = None
    country: str | None = None
    region: str | None = None
    counts: dict[str, float] = field(default_factory=dict)
    substance: str | None = None
    actors: tuple[Actor, ...] = ()
    # "reportedly", "allegedly": the report does not assert it itself.
    hedged: bool = False
    # "was not charged": kept so the analyst sees it, never confirmed as it stands.
    negated: bool = False

    def as_json(self) -> dict[str, Any]:
        """The issue's JSON shape: kind, date, place, counts, actors, evidence."""
        return {
            "kind": self.kind,
            "date": self.date,
            "place": {"country": self.country, "region": self.region},
            "counts": dict(self.counts),
            "substance": self.substance,
            "actors": [
                {"role": a.role, "kind": a.mention.kind, "text": a.mention.text}
                for a in self.actors
            ],
            "hedged": self.hedged,
            "negated": self.negated,
            "evidence": asdict(self.evidence),
        }


@dataclass(frozen=True)
class Extraction:
    """Everything proposed from one report."""

    language: str
    events: tuple[Event, ...]
    mentions: tuple[Mention, ...]

    def people(self) -> list[Mention]:
        """Each person named, once (the first mention)."""
        seen: dict[str, Mention] = {}
        for mention in self.mentions:
            if mention.kind == "person":
                seen.setdefault(mention.text.casefold(), mention)
        return list(seen.values())
