"""Cyrillic alphabets of the region: which national letters each country's documents use.

A name keeps its origin's letters in an :class:`~.identity.Identity` (an Uzbek-origin name
has ў, ҳ). What a given country writes depends on that country's alphabet: a Kyrgyz passport
has no ў, so an ethnic Uzbek with Kyrgyz citizenship is written with у there.
"""

from __future__ import annotations

import re
from functools import cache

# Letters that Russian lacks, and the Russian letter a Russian-speaking clerk puts instead.
RUSSIFY: dict[str, str] = {
    "ә": "а",
    "ғ": "г",
    "қ": "к",
    "ң": "н",
    "ө": "о",
    "ұ": "у",
    "ү": "у",
    "һ": "х",
    "і": "и",
    "ў": "у",
    "ҳ": "х",
    "ӣ": "и",
    "ӯ": "у",
    "ҷ": "дж",
}
RUSSIFY |= {k.upper(): v.capitalize() for k, v in list(RUSSIFY.items())}

NATIONAL_LETTERS = frozenset(k.lower() for k in RUSSIFY)

# The national letters each country's Cyrillic documents use (lower case).
ALPHABETS: dict[str, str] = {
    "KZ": "әғқңөұүһі",
    "KG": "ңөү",
    "UZ": "ўқғҳ",
    "TJ": "ӣӯқғҳҷ",
}

VOWELS = frozenset("аеёиоуыэюяәөұүіўӣӯ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@cache
def _native_table(nationality: str) -> dict[int, str]:
    kept = set(ALPHABETS.get(nationality, ""))
    return {ord(k): v for k, v in RUSSIFY.items() if k.lower() not in kept}


def native_form(text: str, nationality: str) -> str:
    """``text`` as the documents of ``nationality`` write it: foreign national letters russified."""
    return text.translate(_native_table(nationality))


def russify(text: str) -> str:
    """Every national letter replaced by its nearest Russian letter (қ→к, ҷ→дж ...)."""
    return text.translate(_native_table("RU"))


def has_national_letters(text: str) -> bool:
    return any(ch.lower() in NATIONAL_LETTERS for ch in text)


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text)) and not _LATIN.search(text)


def is_latin(text: str) -> bool:
    return bool(_LATIN.search(text)) and not _CYRILLIC.search(text)
