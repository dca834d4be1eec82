"""Latin spellings of Russian, Kazakh and Uzbek names back in Cyrillic: a best effort.

No official scheme runs from Latin to Cyrillic, and iuliia converts one way only, so the
common spellings are read here, longest first (shch before sh before s).  The result is a
likely Cyrillic spelling to show an analyst or to search a Cyrillic register with, not a
key: for matching use ``phonetic_key``, which needs no reverse transliteration.
"""

from __future__ import annotations

import re
from functools import lru_cache

from amanat.names.transliterate import Language

_COMMON = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "i": "и", "k": "к", "l": "л",
    "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в",
    "w": "в", "z": "з", "c": "ц", "sh": "ш", "ch": "ч", "ts": "ц", "yo": "ё", "yu": "ю",
    "ya": "я", "ye": "е", "zh": "ж",
}  # fmt: skip
_RULES: dict[str, dict[str, str]] = {
    "ru": _COMMON | {"shch": "щ", "sch": "щ", "dzh": "дж", "kh": "х", "j": "дж", "x": "кс",
                     "h": "х", "q": "к", "'": "ь"},
    "kk": _COMMON | {"ä": "ә", "ğ": "ғ", "gh": "ғ", "q": "қ", "ñ": "ң", "ö": "ө", "ū": "ұ",
                     "ü": "ү", "ı": "і", "ş": "ш", "ç": "ч", "j": "ж", "kh": "х", "h": "х",
                     "x": "х", "'": ""},
    "uz": _COMMON | {"o'": "ў", "g'": "ғ", "j": "ж", "x": "х", "h": "ҳ", "q": "қ",
                     "ng": "нг", "kh": "х", "'": "ъ", "y": "й"},
}  # fmt: skip
_VOWELS = "aeiouyäöüūıo'"
_APOSTROPHES = str.maketrans(dict.fromkeys("ʻʼ’‘`´", "'"))
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]*)*")


def _pattern(rules: dict[str, str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in sorted(rules, key=len, reverse=True)))


_PATTERNS = {language: _pattern(rules) for language, rules in _RULES.items()}


def _y(word: str, at: int, language: str) -> str:
    """y is й after a vowel or at the start, ы elsewhere (Uzbek has no ы)."""
    if language == "uz" or at == 0 or word[at - 1] in _VOWELS:
        return "й"
    return "ы"


def _glide(word: str, at: int) -> bool:
    after = word[at + 1 : at + 2]
    return at > 0 and word[at - 1] in _VOWELS and (not after or after not in _VOWELS)


def _word(word: str, language: str) -> str:
    lower = word.lower()
    rules, pattern = _RULES[language], _PATTERNS[language]
    out: list[str] = []
    at = 0
    while at < len(lower):
        found = pattern.match(lower, at)
        if found is None:
            out.append(_y(lower, at, language) if lower[at] == "y" else lower[at])
            at += 1
            continue
        piece = rules[found.group()]
        if found.group() == "i" and _glide(lower, at) and language != "uz":
            piece = "й"  # Kairat, Aibek: i after a vowel and before a consonant
        if language == "uz" and found.group() == "e" and (at == 0 or lower[at - 1] in _VOWELS):
            piece = "э"  # Uzbek Latin writes е as ye there, so a bare e is э
        out.append(piece)
        at = found.end()
    cyrillic = "".join(out)
    if len(word) > 1 and word.isupper():
        return cyrillic.upper()
    return cyrillic[:1].upper() + cyrillic[1:] if word[:1].isupper() else cyrillic


def to_cyrillic(text: str, language: Language = "ru") -> str:
    """A likely Cyrillic spelling of a Latin name (Russian, Kazakh or Uzbek rules).

    >>> to_cyrillic("Jumanbekov Sergey")
    'Джуманбеков Сергей'
    >>> to_cyrillic("O'rinboyev G'ulom", "uz")
    'Ўринбоев Ғулом'
    """
    return _to_cyrillic(text, language)


@lru_cache(maxsize=65536)  # behind a typed wrapper: lru_cache hides the Literal parameter
def _to_cyrillic(text: str, language: Language) -> str:
    if language not in _RULES:
        raise ValueError(f"no Latin-to-Cyrillic rules for {language!r}; use ru, kk or uz")
    text = text.translate(_APOSTROPHES)
    return _WORD.sub(lambda m: _word(m.group(), language), text)
