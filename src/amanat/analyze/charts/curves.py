"""Kaplan–Meier curves as steps: the share of cases (or people) not yet at the next
stage, day by day, with the 95 % band; each transition its own colour, and the
legend below the plot, inside the drawing."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from amanat.analyze.charts.svg import (
    GRID,
    MUTED,
    document,
    empty,
    legend,
    line,
    path,
    series_colours,
    text,
)
from amanat.analyze.figures import Figures
from amanat.analyze.survival import Curve


def _steps(
    times: Sequence[float],
    values: Sequence[float],
    x: Callable[[float], float],
    y: Callable[[float], float],
    end: float,
) -> str:
    d = f"M{x(0):.1f},{y(1):.1f}"
    for t, v in zip(times, values, strict=True):
        d += f" H{x(t):.1f} V{y(v):.1f}"
    return d + f" H{x(end):.1f}"


def survival_chart(
    curves: Sequence[Curve],
    label: Callable[[Curve], str],
    horizon_days: float | None = None,
    title: str = "",
    *,
    figures: Figures | None = None,
    description: str = "",
) -> str:
    if not curves:
        return empty(640, 60, "—", title, description)
    figures = figures or Figures()
    width, left, right, plot_h = 640, 45, 20, 230
    plot_w = width - left - right
    axis_y = 10 + plot_h + 16
    end = horizon_days or max((c.times[-1] for c in curves if len(c.times)), default=1) or 1

    def x(t: float) -> float:
        return left + plot_w * min(t, end) / end

    def y(s: float) -> float:
        return 10 + plot_h * (1 - s)

    body = []
    for k in range(5):
        body += [
            line(left, y(k / 4), left + plot_w, y(k / 4), GRID),
            text(left - 5, y(k / 4) + 4, figures.share(k / 4), anchor="end", size=9, fill=MUTED),
        ]
    for k in range(5):
        body.append(
            text(
                x(end * k / 4),
                axis_y,
                figures.count(end * k / 4),
                anchor="middle",
                size=9,
                fill=MUTED,
            )
        )
    names = [label(c) for c in curves]
    colours = series_colours(names)
    for name, curve in zip(names, curves, strict=True):
        colour = colours[name]
        shown = curve.thinned()
        inside = [k for k, t in enumerate(shown.times) if t <= end]
        times = [shown.times[k] for k in inside]
        body.append(
            path(
                _steps(times, [shown.high[k] for k in inside], x, y, end),
                stroke=colour,
                width=0.6,
                opacity=0.4,
                series=name,
            )
        )
        body.append(
            path(
                _steps(times, [shown.low[k] for k in inside], x, y, end),
                stroke=colour,
                width=0.6,
                opacity=0.4,
                series=name,
            )
        )
        body.append(
            path(
                _steps(times, [shown.survival[k] for k in inside], x, y, end),
                stroke=colour,
                width=2,
                tip=name,
                series=name,
            )
        )
    keys, key_h = legend([(n, colours[n], n) for n in names], left, axis_y + 12, plot_w)
    return document(width, axis_y + 12 + key_h, body + keys, title, description)
