"""How long each step of the pipeline takes: Kaplan–Meier curves of the time from
one stage to the next, with the median and its confidence interval.

Who never reaches the next stage is censored at the analysis date (``Scope.as_of``),
whether the case is still open or was closed some other way.  Open cases are the
usual right-censoring; for closed ones this is the standard device for a known
end of follow-up, under which one minus the Kaplan–Meier curve is the share that
has reached the next stage by each time (the cumulative incidence), not a share
inflated by pretending those cases might still get there.  A median "not reached"
(None) says that fewer than half ever got to the next stage — the attrition the
monitoring is about.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from lifelines.utils import inv_normal_cdf
from sqlalchemy import Engine

from amanat.analyze.scope import Scope
from amanat.analyze.stage_dates import CASE_ID, PERSON_ID, stage_dates
from amanat.analyze.tabular import Table

# (from stage, the stages that count as the next one, unit); "case" transitions use
# each stage's first date in the case, "person" ones the first date for the person.
TRANSITIONS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("reported", ("investigation_opened",), "case"),
    ("investigation_opened", ("suspect_identified",), "case"),
    ("suspect_identified", ("arrested",), "person"),
    ("arrested", ("charged",), "person"),
    ("charged", ("prosecuted",), "person"),
    ("prosecuted", ("convicted", "acquitted"), "person"),
    ("arrested", ("convicted",), "person"),
)
STAGES = sorted({s for a, b, _ in TRANSITIONS for s in (a, *b)})
CHART_POINTS = 120
Z = float(inv_normal_cdf(1 - 0.05 / 2))  # 95 % intervals, as lifelines' alpha=0.05


@dataclass(frozen=True)
class Curve:
    """A Kaplan–Meier estimate: S(t) is the share not yet at the next stage by day t."""

    start: str
    end: tuple[str, ...]
    at_risk: int
    events: int
    median: float | None
    median_low: float | None
    median_high: float | None
    times: Sequence[float]
    survival: Sequence[float]
    low: Sequence[float]
    high: Sequence[float]

    def at(self, t: float) -> float:
        """S(t), the step function read at ``t``."""
        index = int(np.searchsorted(np.asarray(self.times), t, side="right")) - 1
        return 1.0 if index < 0 else float(self.survival[index])

    def thinned(self, points: int = CHART_POINTS) -> Curve:
        """At most ``points`` steps, for charts and JSON (the estimate is unchanged)."""
        if len(self.times) <= points:
            return self
        keep = np.unique(np.linspace(0, len(self.times) - 1, points).astype(int))
        pick = [list(np.asarray(v)[keep]) for v in (self.times, self.survival, self.low, self.high)]
        return Curve(
            self.start,
            self.end,
            self.at_risk,
            self.events,
            self.median,
            self.median_low,
            self.median_high,
            *pick,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "from": self.start,
            "to": list(self.end),
            "at_risk": self.at_risk,
            "events": self.events,
            "median_days": self.median,
            "median_ci_days": [self.median_low, self.median_high],
            "points": [
                {"t": float(t), "s": float(s), "low": float(lo), "high": float(hi)}
                for t, s, lo, hi in zip(self.times, self.survival, self.low, self.high, strict=True)
            ],
        }


def _finite(value: float) -> float | None:
    return None if value is None or math.isinf(value) or math.isnan(value) else float(value)


def _first_at_or_below(survival: np.ndarray, times: np.ndarray, q: float) -> float:
    """The first time the (non-increasing) curve is at or below ``q`` (inf: never)."""
    if survival[-1] > q:
        return math.inf
    return float(times[int(np.searchsorted(-survival, -q, side="left"))])


def kaplan_meier(
    durations: Sequence[float], observed: Sequence[bool], start: str = "", end: tuple[str, ...] = ()
) -> Curve:
    """The Kaplan–Meier estimate with 95 % log(−log) (exponential Greenwood) intervals.

    Worked out with numpy the way lifelines' ``KaplanMeierFitter`` does it, operation
    for operation, so the figures are lifelines' to the last bit (a test compares them),
    in a tenth of the time: its tables and frames took most of the pipeline's curves."""
    days = np.asarray(durations, dtype=float)
    seen = np.asarray(observed, dtype=bool)
    times, inverse = np.unique(days, return_inverse=True)
    removed = np.bincount(inverse, minlength=len(times)).astype(np.int64)
    deaths = np.bincount(inverse, weights=seen, minlength=len(times)).astype(np.int64)
    if times[0] > 0:  # everyone enters at day 0, a step of its own
        times = np.concatenate(([0.0], times))
        removed = np.concatenate(([0], removed))
        deaths = np.concatenate(([0], deaths))
    population = len(days) - np.concatenate(([0], np.cumsum(removed)[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        survival = np.exp(np.cumsum(np.log(population - deaths) - np.log(population)))
        people = population.astype(np.uint64)
        variance = deaths / (people * (people - deaths))
        variance[np.isposinf(variance)] = 0
        spread = Z * np.sqrt(np.cumsum(variance))
        v = np.log(survival)
        low = np.exp(-np.exp(np.log(-v) - spread / v))
        high = np.exp(-np.exp(np.log(-v) + spread / v))
    low[np.isnan(low)] = 1.0
    high[np.isnan(high)] = 1.0
    return Curve(
        start=start,
        end=end,
        at_risk=len(durations),
        events=int(np.sum(observed)),
        median=_finite(_first_at_or_below(survival, times, 0.5)),
        median_low=_finite(_first_at_or_below(low, times, 0.5)),
        median_high=_finite(_first_at_or_below(high, times, 0.5)),
        times=list(times),
        survival=list(survival),
        low=list(low),
        high=list(high),
    )


def first_dates(
    engine: Engine, scope: Scope, dates: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """The first date of each stage, per person in a case ("person": a resolved
    person, whichever agency's record each event names) and per case ("case"): the
    case rows are the minimum over the case's person rows and its own (person-less)
    row.  ``dates``: the scope's ``stage_dates`` of these stages or more, if read."""
    if dates is None:
        dates = stage_dates(engine, scope, STAGES)
    frame = dates[[CASE_ID, PERSON_ID, *STAGES]]
    frame = frame[frame[STAGES].notna().any(axis=1)].reset_index(drop=True)
    people = frame[frame[PERSON_ID].notna()]
    cases = frame.drop(columns=PERSON_ID).groupby(CASE_ID, as_index=False).min()
    return {"person": people, "case": cases}


def durations(
    frame: pd.DataFrame, start: str, end: tuple[str, ...], as_of: dt.date
) -> tuple[np.ndarray, np.ndarray]:
    """Days from ``start`` to the first of ``end``; censored at ``as_of`` when never."""
    began = frame[start]
    reached = frame[list(end)].min(axis=1)
    horizon = pd.Timestamp(as_of)
    keep = began.notna() & (began <= horizon)
    observed = reached.notna() & (reached <= horizon) & keep
    stop = reached.where(observed, horizon)
    days = (stop[keep] - began[keep]).dt.days.clip(lower=0).to_numpy(dtype=float)
    return days, observed[keep].to_numpy(dtype=bool)


def stage_times(engine: Engine, scope: Scope, dates: pd.DataFrame | None = None) -> list[Curve]:
    """A curve for every transition with at least one case at its start (``dates`` as
    for ``first_dates``)."""
    frames = first_dates(engine, scope, dates)
    curves = []
    for start, end, unit in TRANSITIONS:
        days, observed = durations(frames[unit], start, end, scope.as_of)
        if len(days):
            curves.append(kaplan_meier(days.tolist(), observed.tolist(), start, end))
    return curves


def times_table(curves: Sequence[Curve]) -> Table:
    rows = [
        (c.start, " / ".join(c.end), c.at_risk, c.events, c.median, c.median_low, c.median_high)
        for c in curves
    ]
    return Table(
        "stage_times",
        "Days from each stage to the next (Kaplan–Meier median, 95 % interval)",
        ("from_stage", "to_stage", "at_risk", "reached", "median_days", "ci_low", "ci_high"),
        list(rows),
        note="Not reached: fewer than half got to the next stage by the analysis date.",
    )
