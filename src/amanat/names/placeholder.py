"""Values that stand where a name was not known: they must never make two records one.

A register fills unknown names with "unknown", "неизвестно", "N/A", "-", "X", "ФИО" (the
form's own label) and the like.  Two records that both say "неизвестно" say nothing about
each other, so these are recognised in the languages of the region and dropped before any
comparison.  The check runs on the letters alone (case, punctuation and look-alike letters
removed), so "N/A", "n.a." and "Н/А" are one placeholder.
"""

from __future__ import annotations

import re
from functools import lru_cache

from amanat.names.normalise import normalise

# Letters only, lower case, after `normalise` (so Latin look-alikes are already Cyrillic).
_PLACEHOLDERS = frozenset(
    {
        # English
        "unknown", "unk", "na", "none", "null", "nil", "nan", "notknown", "notavailable",
        "notapplicable", "notgiven", "notstated", "noname", "unnamed", "anonymous", "anon",
        "johndoe", "janedoe", "doe", "test", "testtest", "tbd", "tba", "name", "surname",
        "firstname", "lastname", "fullname", "unknownunknown", "asdf", "qwerty",
        # Russian
        "неизвестно", "неизвестен", "неизвестна", "неизвестный", "неизвестная", "неизв",
        "неуказано", "неуказан", "неуказана", "неустановлено", "неустановлен", "неустановлена",
        "нет", "нд", "на", "безимени", "безфамилии", "аноним", "тест", "фио", "фамилия",
        "имя", "отчество", "йцукен", "хз",
        # Kazakh, Kyrgyz, Uzbek, Tajik: "unknown", "without a name"
        "белгісіз", "белгисиз", "номаълум", "nomalum", "номалум", "атыжөні", "исмсиз",
        "ismsiz", "бенном",
    }
)  # fmt: skip
_NOT_LETTER = re.compile(r"[\W\d_]+")


def _letters(text: str) -> str:
    return _NOT_LETTER.sub("", normalise(text))


@lru_cache(maxsize=262144)
def is_placeholder_word(word: str) -> bool:
    """Whether one word is a stand-in rather than a name part ("XXX" included).

    A single letter is not: inside a name it is an initial.
    """
    letters = _letters(word)
    return not letters or letters in _PLACEHOLDERS or (len(letters) > 1 and len(set(letters)) == 1)


@lru_cache(maxsize=65536)
def placeholder_reason(name: str) -> str | None:
    """Why a whole name is a placeholder, or None when it may be a real name.

    A name is a placeholder when it has no letters, is a known stand-in ("unknown",
    "неизвестно", "N/A"), or holds nothing but stand-ins and single letters ("X", "XXX",
    "Неизвестно Неизвестно", "A. B.").
    """
    letters = _letters(name)
    if not letters:
        return "no letters"
    if letters in _PLACEHOLDERS or len(set(letters)) == 1:
        return f"'{name.strip()}' stands for an unknown name"
    parts = normalise(name).split()
    if all(is_placeholder_word(word) or len(_letters(word)) < 2 for word in parts):
        return f"'{name.strip()}' holds only stand-ins or initials, no name"
    return None


def is_placeholder_name(name: str) -> bool:
    """Whether a whole name says nothing about who the person is."""
    return placeholder_reason(name) is not None
