"""Kaplan–Meier curves: seven transitions, seven colours, the legend inside."""

from __future__ import annotations

from amanat.analyze.charts.curves import survival_chart
from amanat.analyze.survival import TRANSITIONS, kaplan_meier

from .conftest import assert_distinct_series, assert_text_inside, drawn


def test_every_transition_has_its_own_colour_and_a_whole_legend() -> None:
    curves = [
        kaplan_meier([10, 20, 30 + i], [True, False, True], start, end)
        for i, (start, end, _) in enumerate(TRANSITIONS)
    ]

    def name(curve: object) -> str:
        start, end = curve.start, curve.end  # type: ignore[attr-defined]
        return f"{start} (a long stage name) → {' / '.join(end)} (another long name)"

    svg = survival_chart(curves, name, 1095)
    assert len(assert_distinct_series(svg)) == len(TRANSITIONS)
    assert_text_inside(svg)
    assert name(curves[5]) in drawn(svg).text()
