"""Differentially private counts, with OpenDP.

Each interior cell gets discrete Laplace (two-sided geometric) noise of scale
contributions / ε, where ``contributions`` is the most cells one person can add to
(1 for a table by sex and age; the number of forms of exploitation recorded for
one victim in a table by form).  The L1 sensitivity of the interior is then
``contributions``, so the release is ε-differentially private.  Negative counts are
set to zero and the totals are summed from the noisy cells: both are
post-processing, which costs no privacy, and the table stays additive, so no total
can be differenced against the cells to learn anything the noise hides.

Integer noise (not continuous Laplace rounded afterwards) avoids the floating-point
attacks on naive Laplace implementations; OpenDP samples it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from amanat.analyze.disclosure import with_totals


class NoiseUnavailable(RuntimeError):
    """OpenDP is not installed."""


@dataclass(frozen=True)
class NoisyTable:
    values: np.ndarray  # noisy interior with totals summed from it
    epsilon: float
    scale: float


def noisy_counts(cells: np.ndarray, epsilon: float, contributions: int = 1) -> NoisyTable:
    if epsilon <= 0:
        raise ValueError("epsilon must be positive")
    try:
        import opendp.prelude as dp
    except ImportError as exc:  # an optional dependency
        raise NoiseUnavailable(
            "differentially private counts need OpenDP: pip install opendp"
        ) from exc
    dp.enable_features("contrib")
    scale = contributions / epsilon
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
    measurement = dp.m.make_laplace(*space, scale=scale)
    if float(measurement.map(contributions)) > epsilon + 1e-9:  # type: ignore[no-untyped-call]
        raise ValueError("the noise does not give the privacy asked for")
    flat = [int(v) for v in np.asarray(cells, dtype=np.int64).ravel()]
    noisy = np.array(measurement(flat), dtype=np.int64).reshape(np.shape(cells))
    return NoisyTable(with_totals(np.clip(noisy, 0, None)), epsilon, scale)
