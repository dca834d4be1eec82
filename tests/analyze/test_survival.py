"""Kaplan–Meier against a textbook example, and times between stages by hand."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from lifelines import KaplanMeierFitter
from lifelines.utils import median_survival_times

from amanat.analyze.survival import kaplan_meier, stage_times

from .conftest import AS_OF, Monitoring

# Freireich et al. (1963), 6-MP arm: weeks in remission, "+" censored — the worked
# example of Kleinbaum & Klein, Survival Analysis: A Self-Learning Text (3rd ed.,
# ch. 2, table of the 6-MP group): S(6)=0.8571, S(7)=0.8067, S(10)=0.7529,
# S(13)=0.6902, S(16)=0.6275, S(22)=0.5378, S(23)=0.4482; median 23 weeks.
WEEKS = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
RELAPSED = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
TEXTBOOK = {6: 0.8571, 7: 0.8067, 10: 0.7529, 13: 0.6902, 16: 0.6275, 22: 0.5378, 23: 0.4482}


def test_kaplan_meier_matches_the_textbook() -> None:
    curve = kaplan_meier(WEEKS, [bool(r) for r in RELAPSED])
    for week, expected in TEXTBOOK.items():
        assert curve.at(week) == pytest.approx(expected, abs=5e-5)
    assert curve.at(5) == 1.0
    assert curve.median == 23
    assert curve.events == 9 and curve.at_risk == 21
    assert curve.median_low is not None and curve.median_low <= 23


def _as_number(value: float) -> float:
    return math.inf if value is None else float(value)


def test_kaplan_meier_is_lifelines_to_the_last_bit() -> None:
    """The numpy estimate gives what lifelines' fitter gives, every figure exactly,
    on samples of every size, with ties, day 0, nothing or everything observed."""
    draw = random.Random(1)
    for _ in range(300):
        n = draw.choice([1, 2, 3, 10, 50, 300, 3000])
        span = draw.choice([1, 5, 50, 2000])
        days = [float(draw.randint(0, span)) for _ in range(n)]
        share = draw.choice([0.0, 0.3, 0.9, 1.0])
        seen = [draw.random() < share for _ in range(n)]
        fitter = KaplanMeierFitter(alpha=0.05).fit(np.asarray(days), np.asarray(seen))
        band = fitter.confidence_interval_survival_function_
        ci = median_survival_times(fitter.confidence_interval_)
        curve = kaplan_meier(days, seen)
        assert curve.times == list(fitter.timeline.astype(float))
        assert curve.survival == list(fitter.survival_function_.iloc[:, 0].astype(float))
        assert curve.low == list(band.iloc[:, 0].astype(float))
        assert curve.high == list(band.iloc[:, 1].astype(float))
        assert _as_number(curve.median) == float(fitter.median_survival_time_)
        assert _as_number(curve.median_low) == float(ci.iloc[0, 0])
        assert _as_number(curve.median_high) == float(ci.iloc[0, 1])


def test_thinned_curve_keeps_the_estimate() -> None:
    curve = kaplan_meier(list(range(1, 500)), [True] * 499)
    thin = curve.thinned(50)
    assert len(thin.times) <= 50
    assert thin.to_dict()["median_days"] == curve.median


def test_stage_times_by_hand(monitoring: Monitoring) -> None:
    """Suspect identified → arrested: P2 after 10 days, P1 after 31, P3 never
    (censored at the analysis date): S = 2/3 after day 10, 1/3 after day 31."""
    curves = {
        (c.start, c.end): c
        for c in stage_times(monitoring.engine, monitoring.scope(country="KZ", case_type="tip"))
    }
    arrest = curves[("suspect_identified", ("arrested",))]
    assert arrest.at_risk == 3 and arrest.events == 2
    assert arrest.at(9) == 1.0
    assert arrest.at(10) == pytest.approx(2 / 3)
    assert arrest.at(31) == pytest.approx(1 / 3)
    assert arrest.median == 31
    # P3 waits from 2021-04-01 to the analysis date.
    assert max(arrest.times) == (AS_OF - type(AS_OF)(2021, 4, 1)).days
    opened = curves[("reported", ("investigation_opened",))]
    assert opened.at_risk == 3 and opened.events == 2  # case 3 is censored
    verdict = curves[("prosecuted", ("convicted", "acquitted"))]
    assert verdict.events == 2 and verdict.median == 214  # 2020-06-01 → 2021-01-01
