"""One clean, comparable form of a name as typed: the first step of every key.

Names arrive in capitals, with stray punctuation, digits, several kinds of apostrophe (the
Uzbek letters oʻ and gʻ are written with ʻ ' ’ ` or nothing) and Latin letters inside
Cyrillic words.  ``normalise`` keeps the script and the letters and drops the noise; it does
not transliterate (see ``transliterate``) and does not fold spellings (see ``phonetic``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from amanat.names.script import fix_homoglyphs

# Every apostrophe-like mark becomes "'": Uzbek oʻ/gʻ and the tutuq ʼ, the ISO 9 and BGN/PCGN
# signs for ь and ъ (ʹ ʺ ”), MVD 310's ASCII " for ъ (Pod"yachev), and what keyboards produce
# instead.  Inside a word each is a sign, never a break between words; at a word's edge it
# is a quotation mark and goes.
_APOSTROPHES = 'ʻʼʽ’‘`´′ʹʺ”“″"'
# Combining marks left over where NFKC has no precomposed letter are dropped, and so is the
# middle dot BGN/PCGN puts inside a word to keep two letters apart (Bau·yrzhan).
_UNIFY = str.maketrans(
    dict.fromkeys(_APOSTROPHES, "'")
    | dict.fromkeys("-‐‑‒–—", "-")
    | dict.fromkeys([*map(chr, range(0x300, 0x370)), "·"], None)
)
_CLEAN = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")  # already normal: letters and single spaces
_NOT_LETTER = re.compile(r"[^\w'\- ]|[\d_]")
_HYPHEN_IN_WORD = re.compile(r"(?<=\w)-(?=\w)")
_MARKS = re.compile(r"''+")  # GOST 7.79 system B writes ъ as two: s``esh`
_EDGE_MARK = re.compile(r"(?<!\w)['-]+|['-]+(?!\w)")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=262144)
def normalise(text: str) -> str:
    """Lower-case words of letters in one script each, single spaces, nothing else.

    Hyphens inside a word are dropped (Абдул-Азиз and Абдулазиз are one name); apostrophes
    inside a word are kept as "'" because they carry Uzbek letters.

    >>> normalise("  ДЖУМAНБЕКОВ,  Ерлан (1985) ")
    'джуманбеков ерлан'
    >>> normalise("O‘rinboyev")
    "o'rinboyev"
    """
    if not text.isascii():
        text = fix_homoglyphs(unicodedata.normalize("NFKC", text))
    text = text.casefold().translate(_UNIFY)  # casefold first: İ folds to i + a combining dot
    if _CLEAN.fullmatch(text):
        return text
    text = _NOT_LETTER.sub(" ", text)
    text = _MARKS.sub("'", text)
    text = _HYPHEN_IN_WORD.sub("", text)
    text = _EDGE_MARK.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> tuple[str, ...]:
    """The normalised words of a name."""
    return tuple(normalise(text).split())
