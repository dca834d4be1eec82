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
from importlib import resources
from typing import Any

import yaml

from amanat.vocab.loader import vocabulary

VOWELS = "аеёиоуыэюяьйaeiouәөұүі"
CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]")
# Shorter stems ("Чад", "Мали") would match ordinary words.
SHORTEST_STEM = 4


def stem(name: str) -> str:
    """A Cyrillic name less its last vowel; a Latin one whole (English does not inflect
    names, and "Daniyar" less an ending must not be "Dania")."""
    name = name.casefold().strip()
    if not CYRILLIC.search(name):
        return name
    return name[:-1] if len(name) > SHORTEST_STEM and name[-1] in VOWELS else name


@dataclass(frozen=True)
class Entry:
    # "place" (a country or a registered place), "region" (a city or region of a
    # country), "demonym" (a country's adjective) or "organisation"
    kind: str
    code: str  # a country's ISO code, an organisation's code, a place's id
    country: str | None = None


# A name of up to this many words ("Объединённые Арабские Эмираты").
LONGEST_NAME_WORDS = 4
# An inflection adds a few letters; more is another word ("Россиянин").
LONGEST_ENDING = 3
WORD = re.compile(r"\w+")


@dataclass
class Gazetteer:
    """Names (stems, words joined by one space) to entries; the longest name wins."""

    entries: dict[str, Entry] = field(default_factory=dict)
    # Short names, matched as whole words only ("Ош", "Оше").
    words: dict[str, Entry] = field(default_factory=dict)

    def add(self, name: str, entry: Entry) -> None:
        key = " ".join(WORD.findall(stem(name)))
        if len(key) >= SHORTEST_STEM:
            self.entries.setdefault(key, entry)

    def add_word(self, word: str, entry: Entry) -> None:
        self.words.setdefault(word.casefold(), entry)

    def extend(self, names: Iterable[tuple[str, Entry]]) -> None:
        for name, entry in names:
            self.add(name, entry)

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        """(start, stop, entry) of every name in ``text``, the whole inflected word.

        Word by word, with dictionary look-ups of the words' stems: a regular expression
        of every country's name in six languages took most of the extractor's time."""
        words = [(m.start(), m.end(), m.group(0).casefold()) for m in WORD.finditer(text)]
        found = []
        index = 0
        while index < len(words):
            match = self._longest_at(words, index)
            if match is None:
                index += 1
                continue
            length, entry = match
            found.append((words[index][0], words[index + length - 1][1], entry))
            index += length
        return found

    def _longest_at(
        self, words: list[tuple[int, int, str]], index: int
    ) -> tuple[int, Entry] | None:
        if words[index][2] in self.words:
            return 1, self.words[words[index][2]]
        for length in range(min(LONGEST_NAME_WORDS, len(words) - index), 0, -1):
            phrase = " ".join(w[2] for w in words[index : index + length])
            last_word = words[index + length - 1][2]
            # Only Cyrillic names inflect: "Daniyar" less its ending is no "Dani(a)".
            cuts = min(LONGEST_ENDING, len(last_word) - 1) if CYRILLIC.search(last_word) else 0
            for cut in range(cuts + 1):
                entry = self.entries.get(phrase[: len(phrase) - cut] if cut else phrase)
                if entry is not None:
                    return length, entry
        return None


@cache
def _country_names() -> tuple[tuple[str, Entry], ...]:
    names = []
    for term in vocabulary("country"):
        for label in term.labels.values():
            names.append((label, Entry("place", term.code, term.code)))
    return tuple(names)


@cache
def _places() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(
        resources.files("amanat.reports").joinpath("places.yaml").read_text("utf-8")
    )
    return loaded


def countries() -> Gazetteer:
    """A gazetteer of the countries, their cities and regions and their peoples'
    adjectives (the register adds its own names to a copy).  A report often names only
    the city ("police in Osh") or the agency's people ("Tajik border guards")."""
    gazetteer = Gazetteer()
    gazetteer.extend(_country_names())
    places = _places()
    for code, names in places.items():
        if code in ("exact", "demonyms"):
            continue
        gazetteer.extend((name, Entry("region", code, code)) for name in names)
    for code, words in places["exact"].items():
        for word in words:
            gazetteer.add_word(word, Entry("region", code, code))
    for code, names in places["demonyms"].items():
        gazetteer.extend((name, Entry("demonym", code, code)) for name in names)
    return gazetteer
