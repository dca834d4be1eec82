"""Compare two full names in any script, spelling and word order: a score and the reasons.

The parts of both names are aligned one to one, whatever their order, by trying every
alignment (names have few parts) and keeping the best score.  The score is the weighted mean
of the aligned pairs' similarities (see ``agreement``), where:

- a part only one name has counts against it lightly (a missing given name is
  common; an extra one may be another person);
- a patronymic only one name has is neutral: many records leave it out;
- a conflicting patronymic, or a masculine/feminine conflict (Ivanov / Ivanova,
  -ovich / -ovna, -uly / -kyzy, Aziz / Aziza), keeps the pair below "possible";
- an initial, a bare stem (Rahmon ~ Rahmonov) or a family name matched to a father's name
  (Асанов ~ Асан уулу) keeps it below "match": likely, never proof.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from enum import StrEnum

from amanat.names.agreement import INITIAL_WEIGHT, Agreement, agreement
from amanat.names.parts import Gender, NamePart, Role, name_gender, name_parts
from amanat.names.placeholder import placeholder_reason

MATCH_THRESHOLD = 0.90
POSSIBLE_THRESHOLD = 0.70
EXTRA_PART_WEIGHT = 0.35  # weight of a part with no counterpart (similarity 0)
EXTRA_INITIAL_WEIGHT = 0.1
GENDER_CONFLICT_CAP = 0.5
UNSURE_CAP = 0.85  # initials, family name ~ father's name
MAX_PARTS = 6  # more words than this in a name are noise; 6! alignments stay cheap


class Decision(StrEnum):
    MATCH = "match"
    POSSIBLE = "possible"
    NO_MATCH = "no match"


@dataclass(frozen=True)
class NameComparison:
    """The result of comparing two names: score in [0, 1], decision, and why."""

    a: str
    b: str
    score: float
    decision: Decision
    reasons: tuple[str, ...]


def decide(score: float) -> Decision:
    if score >= MATCH_THRESHOLD:
        return Decision.MATCH
    if score >= POSSIBLE_THRESHOLD:
        return Decision.POSSIBLE
    return Decision.NO_MATCH


def _extra(part: NamePart, side: str) -> tuple[float, str]:
    if part.role is Role.PATRONYMIC:
        return 0.0, f"patronymic {part.text} only in {side}: neutral"
    weight = EXTRA_INITIAL_WEIGHT if part.role is Role.INITIAL else EXTRA_PART_WEIGHT
    return weight, f"{part.role.value} {part.text} only in {side}"


def _score(
    pairs: list[Agreement], extras: list[tuple[float, str]], genders_differ: bool
) -> tuple[float, list[str]]:
    """The score of one alignment, and its reasons."""
    score, capped, unsure = _value(pairs, extras, genders_differ)
    notes = [p.reason for p in pairs] + [r for _, r in extras]
    if capped:
        notes.append("masculine and feminine forms: different people")
    if unsure:
        notes.append("an initial, a stem or a father's name is not enough for a match")
    return score, notes


def _value(
    pairs: list[Agreement], extras: list[tuple[float, str]], genders_differ: bool
) -> tuple[float, bool, bool]:
    """The score of one alignment; whether the gender cap and the unsure cap applied."""
    total = math.fsum(p.weight for p in pairs) + math.fsum(w for w, _ in extras)
    score = math.fsum(p.similarity * p.weight for p in pairs) / total if total else 0.0
    capped = genders_differ or any(p.gender_conflict for p in pairs)
    if capped:
        score = min(score, GENDER_CONFLICT_CAP)
    unsure = score > UNSURE_CAP and any(p.unsure for p in pairs)
    if unsure:
        score = UNSURE_CAP
    if not any(p.similarity > 0 and p.weight > INITIAL_WEIGHT for p in pairs):
        score = 0.0
    return round(score, 4), capped, unsure


def _best(a: tuple[NamePart, ...], b: tuple[NamePart, ...]) -> tuple[float, list[str]]:
    genders_differ = Gender.UNKNOWN not in (name_gender(a), name_gender(b)) and (
        name_gender(a) is not name_gender(b)
    )
    table = [[agreement(x, y) for y in b] for x in a]
    swap = len(a) > len(b)
    short, long = (b, a) if swap else (a, b)
    unmatched = [_extra(part, "B" if not swap else "A") for part in long]
    # Every alignment is scored; only the best one's reasons are written out.
    best: tuple[float, list[Agreement], list[tuple[float, str]]] = (-1.0, [], [])
    for chosen in itertools.permutations(range(len(long)), len(short)):
        pairs = [table[j][i] if swap else table[i][j] for i, j in enumerate(chosen)]
        extras = [unmatched[j] for j in range(len(long)) if j not in chosen]
        score = _value(pairs, extras, genders_differ)[0]
        if score > best[0]:
            best = (score, pairs, extras)
    return _score(best[1], best[2], genders_differ)


def compare_names(a: str, b: str) -> NameComparison:
    """Compare two names written in any script, spelling and order.

    >>> compare_names("Джуманбеков Ерлан", "Jumanbekov Erlan").decision
    <Decision.MATCH: 'match'>
    """
    for side, name in (("A", a), ("B", b)):
        problem = placeholder_reason(name)
        if problem is not None:
            return NameComparison(
                a, b, 0.0, Decision.NO_MATCH, (f"{side}: {problem}; never matched",)
            )
    parts_a, parts_b = name_parts(a), name_parts(b)
    score, reasons = _best(parts_a[:MAX_PARTS], parts_b[:MAX_PARTS])
    if max(len(parts_a), len(parts_b)) > MAX_PARTS:
        reasons.append(f"only the first {MAX_PARTS} parts of a name are compared")
    if score <= 0.0:
        reasons.append("no part of one name agrees with the other")
    return NameComparison(a, b, max(score, 0.0), decide(score), tuple(reasons))
