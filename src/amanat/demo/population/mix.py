"""A weighted mix of outcomes, drawn with an explicit random generator.

``random.Random.choices`` rebuilds its cumulative table on every call; names, styles and
orders are drawn millions of times for the large demo region, so the table is built once.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Mix(Generic[T]):
    """Outcomes with relative weights (they need not sum to one)."""

    __slots__ = ("_cumulative", "outcomes", "weights")

    def __init__(self, weighted: Iterable[tuple[T, float]]) -> None:
        pairs = [(outcome, float(weight)) for outcome, weight in weighted if weight > 0]
        if not pairs:
            raise ValueError("a mix needs at least one outcome with a positive weight")
        self.outcomes: tuple[T, ...] = tuple(outcome for outcome, _ in pairs)
        self.weights: tuple[float, ...] = tuple(weight for _, weight in pairs)
        total = sum(self.weights)
        # Normalised, with the last bound exactly 1.0: random() < 1.0 then always lands inside.
        self._cumulative = (*(c / total for c in accumulate(self.weights[:-1])), 1.0)

    def pick(self, rng: random.Random) -> T:
        if len(self.outcomes) == 1:
            # A single outcome draws nothing, so adding one to a mix later changes no other draw.
            return self.outcomes[0]
        return self.outcomes[bisect_right(self._cumulative, rng.random())]

    def share(self, outcome: T) -> float:
        """The probability of ``outcome`` (0.0 when it is not in the mix)."""
        total = sum(self.weights)
        return (
            sum(w for o, w in zip(self.outcomes, self.weights, strict=True) if o == outcome) / total
        )

    def __repr__(self) -> str:
        body = ", ".join(f"{o!r}: {w:g}" for o, w in zip(self.outcomes, self.weights, strict=True))
        return f"Mix({{{body}}})"


def zipf_mix(outcomes: Iterable[T], exponent: float) -> Mix[T]:
    """Outcomes listed from most to least frequent, rank r (from 0) weighted 1 / (r + 1) ** s."""
    return Mix((outcome, 1.0 / (rank + 1) ** exponent) for rank, outcome in enumerate(outcomes))
