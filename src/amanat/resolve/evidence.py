"""Why two records may be one person, field by field: small pure functions that return a
score and the reasons for it.

The linkage model weighs the fields; these say in words what each field showed, for the
review queue, screening hits and search results.  Names, dates and documents are read by
the name layer exactly as linkage reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from amanat.names import compare_dates, compare_documents, compare_names
from amanat.resolve.features import date_text, phones
from amanat.resolve.records import PersonRecord


@dataclass(frozen=True)
class FieldEvidence:
    """One field's agreement: a score in [0, 1], or None when the field says nothing."""

    field: str
    score: float | None
    reasons: tuple[str, ...]


def name_evidence(a: PersonRecord, b: PersonRecord) -> FieldEvidence:
    if not a.name.strip() or not b.name.strip():
        return FieldEvidence("name", None, ("a name is missing",))
    found = compare_names(a.name, b.name)
    return FieldEvidence("name", found.score, (f"{found.decision.value}", *found.reasons))


def _date(record: PersonRecord) -> str | None:
    return date_text(record.birth_year, record.birth_month, record.birth_day)


def birth_date_evidence(a: PersonRecord, b: PersonRecord) -> FieldEvidence:
    left, right = _date(a), _date(b)
    if left is None or right is None:
        return FieldEvidence("birth date", None, ("a date of birth is missing",))
    found = compare_dates(left, right)
    return FieldEvidence("birth date", found.score if found.informative else None, found.reasons)


def document_evidence(a: PersonRecord, b: PersonRecord) -> FieldEvidence:
    if not a.documents or not b.documents:
        return FieldEvidence("documents", None, ("no document in one of the records",))
    best = None
    for (kind_a, number_a), (kind_b, number_b) in product(a.documents, b.documents):
        found = compare_documents(number_a, number_b)
        same_kind = kind_a == kind_b
        if found.informative and (same_kind or found.score >= 0.8):
            label = kind_a.replace("_", " ") if same_kind else f"{kind_a} / {kind_b}"
            candidate = (found.score, tuple(f"{label}: {r}" for r in found.reasons))
            best = candidate if best is None or candidate[0] > best[0] else best
    if best is None:
        return FieldEvidence("documents", None, ("no document of the same type in both",))
    return FieldEvidence("documents", best[0], best[1])


def phone_evidence(a: PersonRecord, b: PersonRecord) -> FieldEvidence:
    left, right = set(phones(a)), set(phones(b))
    if not left or not right:
        return FieldEvidence("phones", None, ("no usable phone number in one of the records",))
    shared = sorted(left & right)
    if shared:
        return FieldEvidence("phones", 1.0, (f"same number …{shared[0][-6:]}",))
    return FieldEvidence("phones", 0.0, ("different numbers (people change numbers)",))


def citizenship_evidence(a: PersonRecord, b: PersonRecord) -> FieldEvidence:
    if not a.citizenships or not b.citizenships:
        return FieldEvidence("citizenship", None, ("a citizenship is missing",))
    shared = sorted(set(a.citizenships) & set(b.citizenships))
    if shared:
        return FieldEvidence("citizenship", 1.0, (f"both {', '.join(shared)}",))
    left, right = ", ".join(a.citizenships), ", ".join(b.citizenships)
    return FieldEvidence("citizenship", 0.0, (f"{left} / {right}",))


def case_evidence(a: PersonRecord, b: PersonRecord) -> FieldEvidence:
    """Roles in one case: the police's suspect and the court's defendant are usually one
    man; one agency's two records in one case are two people it told apart."""
    if not a.cases or not b.cases:
        return FieldEvidence("cases", None, ("no case role in one of the records",))
    sizes = dict(a.cases)
    shared = sorted((sizes[c], c) for c, _ in b.cases if c in sizes)
    if not shared:
        return FieldEvidence("cases", None, ("roles in other cases (says little)",))
    size, case_id = shared[0]
    if a.org_id is not None and a.org_id == b.org_id:
        reason = f"one agency's two records in case {case_id}: it told two people apart"
        return FieldEvidence("cases", 0.0, (reason,))
    return FieldEvidence("cases", 1.0, (f"both have a role in case {case_id} ({size} people)",))


def town_evidence(a: PersonRecord, b: PersonRecord) -> FieldEvidence:
    if not a.places or not b.places:
        return FieldEvidence("towns", None, ("no town of residence or birth in one record",))
    if set(a.places) & set(b.places):
        return FieldEvidence("towns", 1.0, ("a town of residence or birth in common",))
    return FieldEvidence("towns", 0.0, ("different towns of residence or birth",))


def associate_evidence(in_common: int | None) -> FieldEvidence:
    """What the run's second look found (``associates``): counted then, not recomputed,
    and never naming the associates (one may be a person the viewer may not see)."""
    if in_common is None:
        return FieldEvidence("associates", None, ("no associates to compare in one record",))
    if in_common == 0:
        return FieldEvidence("associates", 0.0, ("no associate in common",))
    people = "person" if in_common == 1 else "persons"
    reason = f"{in_common} {people} tied to one record are the same as persons tied to the other"
    return FieldEvidence("associates", 1.0, (reason,))


def explain(a: PersonRecord, b: PersonRecord) -> list[FieldEvidence]:
    """Every field's evidence, in the order an analyst reads them."""
    return [
        name_evidence(a, b),
        birth_date_evidence(a, b),
        document_evidence(a, b),
        phone_evidence(a, b),
        citizenship_evidence(a, b),
        case_evidence(a, b),
        town_evidence(a, b),
    ]
