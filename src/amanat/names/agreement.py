"""How far two name parts agree, how much that counts, and why.

The rules are the region's: a patronymic is compared on the father's name it carries
(Серикович, Serikuly and Серік ұлы agree); a family name may be its bare stem (Rahmon for
Rahmonov, after the Tajik and Uzbek returns to unsuffixed names) or, in Kyrgyz and Kazakh
naming, the father's name written as a patronymic (Асанов ~ Асан уулу); an initial agrees
with a name that starts with it but proves little.  A Latin part that is exactly the other,
Cyrillic, part by one of the schemes ``transliterate`` writes agrees fully, whatever its key
says (French Chtcheglova for Щеглова, UNGEGN Jana for Яна): the name layer matches its own
transliterations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from amanat.names.parts import Gender, NamePart, Role
from amanat.names.phonetic import vowel_variants
from amanat.names.transliterate import SCHEME_NAMES, read_as

# Weights of one aligned pair in the name score.
FULL_WEIGHT = 1.0
PATRONYMIC_WEIGHT = 0.5  # an agreeing patronymic adds a little: many men share a father's name
PATRONYMIC_CONFLICT_WEIGHT = 1.0  # a different father's name is strong evidence against
INITIAL_WEIGHT = 0.3
INEXACT = 0.85  # ceiling of a pair whose keys differ: only the same key makes a sure part
MIN_RATIO = 0.6  # below this Levenshtein ratio two keys are different names
STEM_AGREEMENT = 0.85  # Rahmon ~ Rahmonov, Серик ~ Серикович: likely, not sure
VOWEL_VARIANT = 0.95  # Khaled ~ Халид, Masood ~ Масуд: one name, spelled the English way


@dataclass(frozen=True)
class Agreement:
    """One aligned pair of parts: similarity in [0, 1], its weight, and the reason."""

    similarity: float
    weight: float
    reason: str
    gender_conflict: bool = False
    unsure: bool = False  # a stem or an initial agrees: likely, never proof of a match


def _label(a: NamePart, b: NamePart) -> str:
    return a.role.value if a.role is b.role else f"{a.role.value} / {b.role.value}"


def _gender_conflict(a: NamePart, b: NamePart) -> bool:
    if Gender.UNKNOWN not in (a.gender, b.gender):
        return a.gender is not b.gender
    # Aziz / Aziza, Zarif / Zarifa: a masculine name and its feminine form
    shorter, longer = sorted((a.key, b.key), key=len)
    return len(shorter) >= 3 and longer == shorter + "A"


def _ratio(x: str, y: str) -> float:
    # Optimal string alignment: two letters swapped (Хаимд for Хамид, Zahkypov for Zhakypov)
    # are one slip of the hand, not two.
    return OSA.normalized_similarity(x, y)


def _cyrillic(part: NamePart) -> bool:
    # A part is in one script (``normalise`` repaired mixed words): its first letter tells;
    # a Latin part with a Cyrillic letter further on is no scheme's reading anyway.
    return "\u0400" <= part.text[:1] <= "\u052f"


def _transliterated(a: NamePart, b: NamePart) -> Agreement | None:
    """Full agreement when one part is the other written by a transliteration scheme.

    Asked of nearly every pair of different names a linkage run compares, so it is kept
    to a dictionary lookup: the part's text is already normalised but for its capitals.
    """
    first = _cyrillic(a)
    if first is _cyrillic(b):
        return None
    cyrillic, latin = (a, b) if first else (b, a)
    scheme = read_as(cyrillic.text, latin.text.lower())
    if scheme is None:
        return None
    weight = PATRONYMIC_WEIGHT if Role.PATRONYMIC in (a.role, b.role) else FULL_WEIGHT
    return Agreement(
        1.0,
        weight,
        f"{_label(a, b)}: {a.text} ~ {b.text} ({latin.text} is {cyrillic.text} "
        f"transliterated by {SCHEME_NAMES[scheme]})",
    )


def _initials(a: NamePart, b: NamePart) -> Agreement:
    initial, other = (a, b) if a.role is Role.INITIAL else (b, a)
    target = other.stem if other.role is Role.PATRONYMIC else other.key
    # both ways, so that two initials (Sh. / S.) agree whichever is given first
    agrees = target.startswith(initial.key) or initial.key.startswith(target)
    verb = "is the initial of" if agrees else "is not the initial of"
    return Agreement(
        1.0 if agrees else 0.0,
        INITIAL_WEIGHT,
        f"{_label(a, b)}: {initial.text} {verb} {other.text}",
        unsure=True,
    )


def _patronymics(a: NamePart, b: NamePart) -> Agreement:
    if a.stem == b.stem:
        return Agreement(
            1.0,
            PATRONYMIC_WEIGHT,
            f"patronymic: {a.text} ~ {b.text} (same father's name {a.stem})",
            gender_conflict=_gender_conflict(a, b),
        )
    ratio = _ratio(a.stem, b.stem)
    similarity = INEXACT * ratio if ratio >= MIN_RATIO else 0.0
    weight = PATRONYMIC_WEIGHT if similarity >= 0.7 else PATRONYMIC_CONFLICT_WEIGHT
    what = "similar" if similarity else "different"
    return Agreement(
        similarity,
        weight,
        f"patronymic: {a.text} ~ {b.text} ({what} father's names {a.stem} / {b.stem})",
        gender_conflict=_gender_conflict(a, b),
    )


def _patronymic_and_other(a: NamePart, b: NamePart) -> Agreement:
    patronymic, other = (a, b) if a.role is Role.PATRONYMIC else (b, a)
    if patronymic.stem in (other.stem, other.key) and len(patronymic.stem) >= 3:
        if other.role is Role.FAMILY:
            reason = (
                f"family name {other.text} may come from the father's name in "
                f"{patronymic.text} (Kyrgyz/Kazakh naming): possible, not proof"
            )
        else:
            reason = (
                f"{other.text} may be the father's name written without {patronymic.text}'s ending"
            )
        return Agreement(
            STEM_AGREEMENT,
            FULL_WEIGHT,
            reason,
            gender_conflict=_gender_conflict(a, b),
            unsure=True,
        )
    return Agreement(0.0, FULL_WEIGHT, f"{_label(a, b)}: {a.text} and {b.text} differ")


@lru_cache(maxsize=262144)
def agreement(a: NamePart, b: NamePart) -> Agreement:
    """How two parts agree; symmetric in a and b apart from the order of words in the reason.

    Cached: the same given and family names meet again and again in a linkage run.
    """
    if Role.INITIAL in (a.role, b.role):
        return _initials(a, b)
    # Where the keys already agree, their reason is the plainer one.
    if a.key != b.key or a.stem != b.stem:
        transliterated = _transliterated(a, b)
        if transliterated is not None:
            return transliterated
    if a.role is Role.PATRONYMIC and b.role is Role.PATRONYMIC:
        return _patronymics(a, b)
    if Role.PATRONYMIC in (a.role, b.role):
        return _patronymic_and_other(a, b)
    conflict = _gender_conflict(a, b)
    label = _label(a, b)
    if a.key == b.key:
        return Agreement(
            1.0, FULL_WEIGHT, f"{label}: {a.text} ~ {b.text} (same phonetic key {a.key})"
        )
    if a.base == b.base:
        return Agreement(
            1.0,
            FULL_WEIGHT,
            f"{label}: {a.text} ~ {b.text} (one name, forms {a.key} / {b.key})",
            gender_conflict=conflict,
        )
    if Role.FAMILY in (a.role, b.role) and (a.stem == b.key or b.stem == a.key):
        return Agreement(
            STEM_AGREEMENT,
            FULL_WEIGHT,
            f"{label}: {a.text} ~ {b.text} (one is the other without its family ending)",
            gender_conflict=conflict,
            unsure=True,
        )
    if vowel_variants(a.text, b.text):
        return Agreement(
            VOWEL_VARIANT,
            FULL_WEIGHT,
            f"{label}: {a.text} ~ {b.text} (one name, its vowels spelled the English way)",
            gender_conflict=conflict,
        )
    ratio = _ratio(a.base, b.base)
    if ratio < MIN_RATIO:
        return Agreement(0.0, FULL_WEIGHT, f"{label}: {a.text} and {b.text} differ")
    return Agreement(
        INEXACT * ratio,
        FULL_WEIGHT,
        f"{label}: {a.text} ~ {b.text} (similar keys {a.key} / {b.key}, {ratio:.2f})",
        gender_conflict=conflict,
    )
