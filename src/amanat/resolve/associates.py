"""Associates in common: the second look that tells namesakes apart by the company they keep.

Two records of "Маматов Мирлан" with no date of birth on one side are as likely one man
as two: the register holds several Mirlan Mamatovs.  But if the regional centre's record
is a member of a group whose other members the police hold in a case with the court's
"Mamatov Mirlan", the two records keep the same company, and namesakes seldom do.  This is
collective entity resolution (Bhattacharya and Getoor, 2007), done in two passes:

1. pairs are scored on what the records themselves say, and provisional entities drawn
   from the likely ones (``canonical.cluster``);
2. each scored pair counts the associates its two records have in common: persons tied to
   one record (a co-accused in a case, a fellow member of a group, a relative or partner)
   who are the same entity as persons tied to the other, through *different* records.
   A case both records have a role in is left out: the case comparison counted it already.

How much an associate in common is worth is learnt from the run's own pairs, as Splink
learns everything else without labels: how often one person's two records have one (m)
and how often two people's do (u), by expectation maximisation with each pair's first-pass
probability as its prior.  The pair's match
weight moves by log2(m/u) when they have one, by log2((1-m)/(1-u)) when both records have
associates but none in common, and not at all when one has none.

Protected persons (victims, witnesses) are never among the records read, so they are
never anyone's associate here.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from amanat.resolve import canonical
from amanat.resolve.records import PersonRecord

Pair = tuple[int, int]
Context = int  # a case id times two, or a group id times two plus one: no tuple per record
MAX_CONTEXT = 40  # a case or group of more people ties no one to anyone in particular
SURE = 0.99  # first-pass probability of pairs no associate changes the fate of
UNSURE = 0.05  # and below which pairs are almost surely two people
MIN_EXAMPLES = 50  # fewer sure pairs of either kind teach nothing: the weight stays 0
SURE_SAMPLE = 4  # every 4th sure pair is counted to learn m
EM_ITERATIONS = 50  # at most: it stops when m and u stop moving
MODEL_KEY = "amanat_associates"


@dataclass(frozen=True)
class AssociateEvidence:
    """How often one person's records (m) and two people's (u) have associates in common."""

    m: float
    u: float

    def weight(self, in_common: int | None) -> float:
        """The change in match weight (bits): None when one record has no associates."""
        if in_common is None or not 0 < self.u < 1 or not 0 < self.m < 1:
            return 0.0
        if in_common > 0:
            return math.log2(self.m / self.u)
        return math.log2((1 - self.m) / (1 - self.u))

    def as_json(self) -> dict[str, float]:
        return {"m": self.m, "u": self.u}

    @classmethod
    def from_model(cls, model: Mapping[str, object]) -> AssociateEvidence | None:
        found = model.get(MODEL_KEY)
        if not isinstance(found, dict):
            return None
        return cls(float(found["m"]), float(found["u"]))


NO_EVIDENCE = AssociateEvidence(0.0, 0.0)


class Company:
    """Who each record is tied to, through which context."""

    def __init__(self, records: Iterable[PersonRecord]) -> None:
        self.contexts: dict[int, set[Context]] = {}
        self.members: dict[Context, set[int]] = defaultdict(set)
        self.related: dict[int, set[int]] = {}
        known: set[int] = set()
        for record in records:
            known.add(record.id)
            if not (record.cases or record.groups or record.related):
                continue  # most records: no company at all
            contexts = {case * 2 for case, size in record.cases if size <= MAX_CONTEXT}
            contexts.update(group * 2 + 1 for group in record.groups)
            if contexts:
                self.contexts[record.id] = contexts
                for context in contexts:
                    self.members[context].add(record.id)
            if record.related:
                self.related[record.id] = set(record.related)
        for context, members in list(self.members.items()):
            if len(members) > MAX_CONTEXT:
                del self.members[context]
        # only records read are associates: never a protected or hidden person
        self.related = {r: others & known for r, others in self.related.items()}

    def associates(self, record: int, other: int) -> set[int]:
        """Persons tied to ``record`` through what ``other`` does not share with it."""
        found = set(self.related.get(record, ()))
        shared = self.contexts.get(other, set())
        for context in self.contexts.get(record, ()):
            if context not in shared:
                found |= self.members.get(context, set())
        found.discard(record)
        found.discard(other)
        return found

    def in_common(self, a: int, b: int, entity: Mapping[int, int]) -> int | None:
        """Associates of ``b`` who are one entity with a different associate of ``a``;
        None when either record has no associates to compare."""
        of_a, of_b = self.associates(a, b), self.associates(b, a)
        if not of_a or not of_b:
            return None
        by_entity: dict[int, set[int]] = defaultdict(set)
        for x in of_a:
            by_entity[entity.get(x, x)].add(x)
        return sum(1 for y in of_b if by_entity.get(entity.get(y, y), set()) - {y})


def learn(probabilities: list[float], counts: list[int | None]) -> AssociateEvidence:
    """m and u by expectation maximisation, each pair's first-pass probability its prior.

    Splink's EM with every other comparison fixed: a pair counts towards m as much as it is
    one person and towards u as much as it is two, starting from the first pass and then
    from the pairs' probabilities with associates counted in.  Sure pairs not counted
    (all but every ``SURE_SAMPLE``-th, see ``rescore``) are stood for by those that were.
    """
    counted = np.array([c is not None for c in counts], dtype=bool)
    first = np.asarray(probabilities, dtype=np.float64)[counted]
    shared = np.array([c is not None and c > 0 for c in counts], dtype=bool)[counted]
    if np.count_nonzero(first >= SURE) < MIN_EXAMPLES or (
        np.count_nonzero(first < UNSURE) < MIN_EXAMPLES
    ):
        return NO_EVIDENCE
    weights = np.where(first >= SURE, float(SURE_SAMPLE), 1.0)
    clipped = np.clip(first, 1e-12, 1 - 1e-12)
    priors = np.log2(clipped / (1 - clipped))
    posteriors = first
    evidence = NO_EVIDENCE
    for _ in range(EM_ITERATIONS):
        same, apart = posteriors * weights, (1 - posteriors) * weights
        # add-one smoothing: a share of 0 or 1 would make an infinite weight
        m = (float(same[shared].sum()) + 1) / (float(same.sum()) + 2)
        u = (float(apart[shared].sum()) + 1) / (float(apart.sum()) + 2)
        done = abs(m - evidence.m) < 1e-6 and abs(u - evidence.u) < 1e-6
        evidence = AssociateEvidence(m, u)
        if done:
            break
        posteriors = _probabilities(
            priors + np.where(shared, evidence.weight(1), evidence.weight(0))
        )
    return evidence


def _probabilities(weights: np.ndarray) -> np.ndarray:
    """Match probabilities from match weights (bits), as Splink computes them."""
    found: np.ndarray = 1 / (1 + np.exp2(-np.clip(weights, -60, 60)))
    return found


def rescore(
    pairs: pa.Table,
    company: Company,
    entity: Mapping[int, int],
    evidence: AssociateEvidence | None,
) -> tuple[pa.Table, AssociateEvidence]:
    """``pairs`` (left_id, right_id, probability, weight) with associates in common
    counted in; ``evidence`` learnt from them when None.

    Pairs the first pass is sure of (``SURE``) stay as they are: no associate changes
    what a run does with them.  When learning, every ``SURE_SAMPLE``-th of them is counted
    all the same (m is a share; a sample of them gives it, and a million-record run has
    hundreds of thousands).
    """
    lefts, rights = pairs["left_id"].to_pylist(), pairs["right_id"].to_pylist()
    probabilities, weights = pairs["probability"].to_pylist(), pairs["weight"].to_pylist()
    learning = evidence is None
    counts: list[int | None] = []
    sure_seen = 0
    for a, b, p in zip(lefts, rights, probabilities, strict=True):
        if p >= SURE:
            sure_seen += 1
            if not learning or sure_seen % SURE_SAMPLE:
                counts.append(None)
                continue
        counts.append(company.in_common(a, b, entity))
    evidence = evidence or learn(probabilities, counts)
    new_weights = np.array(
        [
            w if p >= SURE else w + evidence.weight(c)
            for w, p, c in zip(weights, probabilities, counts, strict=True)
        ],
        dtype=np.float64,
    )
    table = pa.table(
        {
            "left_id": pairs["left_id"],
            "right_id": pairs["right_id"],
            "probability": pa.array(_probabilities(new_weights), pa.float64()),
            "weight": pa.array(new_weights, pa.float64()),
            "associates": pa.array(
                [None if p >= SURE else c for p, c in zip(probabilities, counts, strict=True)],
                pa.int32(),
            ),
        }
    )
    return table, evidence


def second_look(
    pairs: pa.Table,
    records: Iterable[PersonRecord],
    *,
    auto_merge: float,
    evidence: AssociateEvidence | None = None,
    same: Iterable[Pair] = (),
    apart: Iterable[Pair] = (),
) -> tuple[pa.Table, AssociateEvidence]:
    """The first pass's ``pairs`` rescored with associates in common.

    Provisional entities are drawn as a run draws them: ``same`` links (analysts', and
    entities already in the register), then the pairs at or above ``auto_merge``.
    """
    probabilities = pairs["probability"].to_pylist()
    ids = zip(pairs["left_id"].to_pylist(), pairs["right_id"].to_pylist(), strict=True)
    scores = dict(zip(ids, probabilities, strict=True))
    likely = sorted((p for p, s in scores.items() if s >= auto_merge), key=lambda p: -scores[p])
    entity = canonical.cluster(same, likely, apart, scores)
    return rescore(pairs, Company(records), entity, evidence)
