"""Which script a name is written in, and repair of look-alike letters.

Records typed on a Russian keyboard that was switched to Latin for one letter (or the
reverse) carry words such as "Джумaнбеков" with a Latin "a".  To a string matcher that word
shares nothing with the real one; here every word is brought back to one script before
anything else looks at it.  The standard library knows the script of a letter only through
``unicodedata.name``, which is slow; code-point ranges and precompiled translation tables do
the same work at the speed a million-record linkage needs.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache


class Script(StrEnum):
    """The script of a word or a whole name."""

    CYRILLIC = "cyrillic"
    LATIN = "latin"
    MIXED = "mixed"  # Cyrillic and Latin letters in one word, or words of both scripts
    OTHER = "other"  # letters of neither script (Arabic, Chinese, ...)
    NONE = "none"  # no letters at all


# Letters that look the same in both scripts (lower and upper case).
_CYRILLIC_LOOKS_LATIN = dict(
    zip(
        "аеорсухіјѕһԛԝёАВЕКМНОРСТХУІЈЅЁ",
        "aeopcyxijshqwëABEKMHOPCTXYIJSË",
        strict=True,
    )
)
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKS_LATIN)
_TO_CYRILLIC = str.maketrans({lat: cyr for cyr, lat in _CYRILLIC_LOOKS_LATIN.items()})
_AMBIGUOUS = frozenset(_CYRILLIC_LOOKS_LATIN) | frozenset(_CYRILLIC_LOOKS_LATIN.values())

_CYRILLIC_LETTER = re.compile(r"[\u0400-\u052f]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
_WORD = re.compile(r"\w+(?:['ʻʼ’‘`´-]\w+)*")


def _counts(word: str) -> tuple[int, int, int, int]:
    """(Cyrillic, Latin, Cyrillic not look-alike, Latin not look-alike) letter counts."""
    cyr = lat = cyr_sure = lat_sure = 0
    for char in word:
        if _CYRILLIC_LETTER.match(char):
            cyr += 1
            cyr_sure += char not in _AMBIGUOUS
        elif _LATIN_LETTER.match(char):
            lat += 1
            lat_sure += char not in _AMBIGUOUS
    return cyr, lat, cyr_sure, lat_sure


def word_script(word: str) -> Script:
    """The script of one word: MIXED when it holds letters of both scripts."""
    if word.isascii():
        return Script.LATIN if any(c.isalpha() for c in word) else Script.NONE
    cyr, lat, _, _ = _counts(word)
    if cyr and lat:
        return Script.MIXED
    if cyr:
        return Script.CYRILLIC
    if lat:
        return Script.LATIN
    return Script.OTHER if any(c.isalpha() for c in word) else Script.NONE


def detect_script(text: str) -> Script:
    """The script of a whole name: one script, MIXED, OTHER or NONE."""
    found = {word_script(w) for w in _WORD.findall(text)} - {Script.NONE}
    if not found:
        return Script.NONE
    return found.pop() if len(found) == 1 else Script.MIXED


def _fix_word(word: str) -> str:
    cyr, lat, cyr_sure, lat_sure = _counts(word)
    if not (cyr and lat):
        return word
    # Letters that exist only in one script decide; when every letter is a look-alike,
    # the majority does; a tie goes to Cyrillic, the script of most records here.
    to_cyrillic = cyr_sure > lat_sure if cyr_sure != lat_sure else cyr >= lat
    return word.translate(_TO_CYRILLIC if to_cyrillic else _TO_LATIN)


@lru_cache(maxsize=65536)
def fix_homoglyphs(text: str) -> str:
    """Rewrite each mixed-script word in the script most of its letters belong to.

    >>> fix_homoglyphs("Джумaнбеков")  # Latin "a"
    'Джуманбеков'
    """
    if text.isascii() or not (_CYRILLIC_LETTER.search(text) and _LATIN_LETTER.search(text)):
        return text  # one script: nothing to fix (nearly every name; keep it fast)
    return _WORD.sub(lambda m: _fix_word(m.group()), text)
