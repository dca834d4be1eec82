"""Errors clerks make: typos, dropped parts, initials, capitals, apostrophes, stray letters.

Also the birth dates they record: often complete, sometimes only a year, sometimes a
placeholder (01.01.1900, or 1 January of the right year) entered when the date is unknown.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from amanat.demo.population.alphabets import is_cyrillic
from amanat.demo.population.identity import Identity
from amanat.demo.population.keyboards import adjacent_keys
from amanat.demo.population.mix import Mix
from amanat.demo.population.spelling import NameSpelling, arrange

# When a record is corrupted, a quarter of the time it gets a second error as well.
SECOND_ERROR_SHARE = 0.25
APOSTROPHES = ("'", "ʻ", "‘", "’", "`", "ʼ")
# Cyrillic letters with a Latin twin: typed on the wrong layout, invisible to the eye.
HOMOGLYPHS = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "А": "A", "В": "B",
    "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X",
}  # fmt: skip

Corruption = Callable[[random.Random, NameSpelling], NameSpelling]


def corrupt(rng: random.Random, spelling: NameSpelling, rate: float) -> NameSpelling:
    """With probability ``rate``, one error (sometimes two); at rate 0 the spelling is returned."""
    if rate <= 0 or rng.random() >= rate:
        return spelling
    spelling = _one_error(rng, spelling)
    if rng.random() < SECOND_ERROR_SHARE:
        spelling = _one_error(rng, spelling)
    return spelling


def _one_error(rng: random.Random, spelling: NameSpelling) -> NameSpelling:
    parts = _parts(spelling)
    applicable = (
        bool(spelling.patronymic),
        bool(spelling.given and spelling.family),
        spelling.style == "icao",
        any(part and _has_joiner(part) for part in parts),
        spelling.script == "Cyrl" and any(part and _has_twin(part) for part in parts),
    )
    errors = _ERROR_MIXES.get(applicable)
    if errors is None:
        errors = _ERROR_MIXES[applicable] = _error_mix(*applicable)
    return errors.pick(rng)(rng, spelling)


_ERROR_MIXES: dict[tuple[bool, ...], Mix[Corruption]] = {}


def _error_mix(
    patronymic: bool, initials: bool, passport: bool, joiners: bool, twins: bool
) -> Mix[Corruption]:
    options: list[tuple[Corruption, float]] = [(_typo, 0.35)]
    if patronymic:
        options.append((_drop_patronymic, 0.2))
    if initials:
        options.append((_initials, 0.1))
    # Passport lines are in capitals, and records copied from them often stay so.
    options.append((_capitals, 0.36 if passport else 0.08))
    if joiners:
        options.append((_joiner_variant, 0.25))
    if twins:
        options.append((_homoglyph, 0.06))
    return Mix(options)


def _rebuild(
    old: NameSpelling, given: str | None, patronymic: str | None, family: str | None
) -> NameSpelling:
    full_name, kept = arrange(old.order, given, patronymic, family)
    return NameSpelling(full_name, given, patronymic, family, old.script, old.lang, old.style, kept)


def _parts(spelling: NameSpelling) -> list[str | None]:
    return [spelling.given, spelling.patronymic, spelling.family]


def _change_one_part(
    rng: random.Random,
    spelling: NameSpelling,
    change: Callable[[random.Random, str], str],
    applies: Callable[[str], bool],
) -> NameSpelling:
    parts = _parts(spelling)
    slots = [i for i, part in enumerate(parts) if part and applies(part)]
    if not slots:
        return spelling
    slot = slots[int(rng.random() * len(slots))]
    parts[slot] = change(rng, parts[slot] or "")
    return _rebuild(spelling, *parts)


def _typo(rng: random.Random, spelling: NameSpelling) -> NameSpelling:
    return _change_one_part(rng, spelling, mistype, _long_enough)


def _long_enough(word: str) -> bool:
    return sum(ch.isalpha() for ch in word) >= 3


def mistype(rng: random.Random, word: str) -> str:
    """One keyboard slip: a neighbouring key, a dropped or doubled letter, two letters swapped."""
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    if len(letters) < 3:  # "Ли", "E.": a slip there would make another name, not a typo
        return word
    i = letters[int(rng.random() * len(letters))]
    kind = int(rng.random() * 4)
    if kind == 0:
        near = adjacent_keys().get(word[i].lower())
        if near:
            key = near[int(rng.random() * len(near))]
            return word[:i] + (key.upper() if word[i].isupper() else key) + word[i + 1 :]
        kind = 1
    if kind == 1 and i > 0:  # the first letter is seldom lost
        return word[:i] + word[i + 1 :]
    if kind == 3 and i + 1 < len(word) and word[i + 1].isalpha() and word[i + 1] != word[i]:
        swapped = word[i + 1] + word[i]
        if word[i].isupper():
            swapped = swapped[0].upper() + swapped[1].lower()
        return word[:i] + swapped + word[i + 2 :]
    return word[: i + 1] + word[i].lower() + word[i + 1 :]


def _drop_patronymic(rng: random.Random, spelling: NameSpelling) -> NameSpelling:
    return _rebuild(spelling, spelling.given, None, spelling.family)


def _initials(rng: random.Random, spelling: NameSpelling) -> NameSpelling:
    """Jumanbekov E. or Жумабеков Е. С.: the given name (and patronymic) cut to initials."""
    given = (spelling.given or "")[:1] + "."
    patronymic = spelling.patronymic
    if patronymic:
        patronymic = patronymic[:1] + "." if rng.random() < 0.7 else None
    return _rebuild(spelling, given, patronymic, spelling.family)


def _capitals(rng: random.Random, spelling: NameSpelling) -> NameSpelling:
    return _rebuild(spelling, *(p.upper() if p else p for p in _parts(spelling)))


def _joiner_variant(rng: random.Random, spelling: NameSpelling) -> NameSpelling:
    """O'rinboyev / Orinboyev / Oʻrinboyev; Abdul Rahim / Abdul-Rahim / Abdulrahim."""
    return _change_one_part(rng, spelling, _rejoin, _has_joiner)


def _has_joiner(part: str) -> bool:
    return any(ch in part for ch in (*APOSTROPHES, " ", "-"))


def _rejoin(rng: random.Random, part: str) -> str:
    marks = [ch for ch in APOSTROPHES if ch in part]
    if marks:
        choices = [a for a in (*APOSTROPHES, "") if a != marks[0]]
        return part.replace(marks[0], choices[int(rng.random() * len(choices))])
    for joiner in (" ", "-"):
        if joiner in part:
            choices = [j for j in (" ", "-", "") if j != joiner]
            return part.replace(joiner, choices[int(rng.random() * len(choices))])
    return part


def _homoglyph(rng: random.Random, spelling: NameSpelling) -> NameSpelling:
    return _change_one_part(rng, spelling, _latin_twin, _has_twin)


def _has_twin(part: str) -> bool:
    return is_cyrillic(part) and any(ch in HOMOGLYPHS for ch in part)


def _latin_twin(rng: random.Random, part: str) -> str:
    spots = [i for i, ch in enumerate(part) if ch in HOMOGLYPHS]
    i = spots[int(rng.random() * len(spots))]
    return part[:i] + HOMOGLYPHS[part[i]] + part[i + 1 :]


# What the recorded birth date looks like. Shares are plausible, not measured.
_DATE_FORMS = Mix(
    [
        ("full", 0.72),
        ("year", 0.08),
        ("year_month", 0.03),
        ("missing", 0.07),
        ("swapped", 0.03),  # day and month exchanged (US vs European order, or a slip)
        ("year_off", 0.03),  # the year one off: age-based estimates, slips
        ("placeholder_1900", 0.01),  # 01.01.1900: the system demanded a date
        ("first_january", 0.03),  # 01.01 of the right year: only the year was known
    ]
)

BirthDate = tuple[int | None, int | None, int | None]


def recorded_birth_date(rng: random.Random, identity: Identity) -> BirthDate:
    """(year, month, day) as a record holds it; None for a part that was not recorded."""
    born = identity.birth_date
    form = _DATE_FORMS.pick(rng)
    if form == "full":
        return born.year, born.month, born.day
    if form == "year":
        return born.year, None, None
    if form == "year_month":
        return born.year, born.month, None
    if form == "missing":
        return None, None, None
    if form == "swapped":
        if born.day <= 12:
            return born.year, born.day, born.month
        return born.year, born.month, born.day  # not a valid date swapped: written correctly
    if form == "year_off":
        return born.year + (1 if rng.random() < 0.5 else -1), born.month, born.day
    if form == "placeholder_1900":
        return 1900, 1, 1
    return born.year, 1, 1
