"""The register's own dictionaries for reading reports: countries (the vocabulary's
names in every language), organisations and places the register knows.

Russian and Kazakh inflect names ("в Казахстане", "из Таджикистана"), so a name is
matched by its stem: the name less its last vowel, at the start of a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from amanat.vocab.loader import vocabulary

VOWELS = "аеёиоуыэюяьйaeiouәөұүі"
# Shorter stems ("Чад", "Мали") would match ordinary words.
SHORTEST_STEM = 4


def stem(name: str) -> str:
    name = name.casefold().strip()
    return name[:-1] if len(name) > SHORTEST_STEM and name[-1] in VOWELS else name


@dataclass(frozen=True)
class Entry:
    kind: str  # "place" (a country or a registered place) or "organisation"
    code: str  # a country's ISO code, an organisation's code, a place's id
    country: str | None = None


@dataclass
class Gazetteer:
    """Names (stems) to entries; the longest name wins where several start at a word."""

    entries: dict[str, Entry] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None
    _keys: list[str] = field(default_factory=list)

    def add(self, name: str, entry: Entry) -> None:
        key = stem(name)
        if len(key) >= SHORTEST_STEM:
            self.entries.setdefault(key, entry)
            self._pattern = None

    def extend(self, names: Iterable[tuple[str, Entry]]) -> None:
        for name, entry in names:
            self.add(name, entry)

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        """(start, stop, entry) of every name in ``text``, the whole inflected word."""
        if self._pattern is None:
            self._keys = sorted(self.entries, key=len, reverse=True)
            alternatives = "|".join(re.escape(k) for k in self._keys)
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)
        found = []
        for match in self._pattern.finditer(text):
            word = match.group(0).casefold()
            key = next(k for k in self._keys if word.startswith(k))
            # An inflection adds a few letters; more is another word ("Россиянин").
            if len(word) - len(key) <= 3:
                found.append((match.start(), match.end(), self.entries[key]))
        return found


@cache
def _country_names() -> tuple[tuple[str, Entry], ...]:
    names = []
    for term in vocabulary("country"):
        for label in term.labels.values():
            names.append((label, Entry("place", term.code, term.code)))
    return tuple(names)


def countries() -> Gazetteer:
    """A gazetteer of the countries alone (the register adds its own names to a copy)."""
    gazetteer = Gazetteer()
    gazetteer.extend(_country_names())
    return gazetteer
