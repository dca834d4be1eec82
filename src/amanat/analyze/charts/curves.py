"""Kaplan–Meier curves as steps: the share of cases (or people) not yet at the next
stage, day by day, with the 95 % band."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from amanat.analyze.charts.svg import GRID, MUTED, PALETTE, document, empty, line, path, rect, text
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
) -> str:
    if not curves:
        return empty(640, 60, title or "—")
    width, height, left, right, bottom = 640, 300, 45, 200, 30
    plot_w, plot_h = width - left - right, height - bottom - 15
    end = horizon_days or max((c.times[-1] for c in curves if len(c.times)), default=1) or 1

    def x(t: float) -> float:
        return left + plot_w * min(t, end) / end

    def y(s: float) -> float:
        return 10 + plot_h * (1 - s)

    body = []
    for k in range(5):
        body += [
            line(left, y(k / 4), left + plot_w, y(k / 4), GRID),
            text(left - 5, y(k / 4) + 4, f"{25 * k}%", anchor="end", size=9, fill=MUTED),
        ]
    for k in range(5):
        body.append(
            text(
                x(end * k / 4),
                height - 10,
                f"{end * k / 4:,.0f}",
                anchor="middle",
                size=9,
                fill=MUTED,
            )
        )
    for i, curve in enumerate(curves):
        colour = PALETTE[i % len(PALETTE)]
        shown = curve.thinned()
        inside = [k for k, t in enumerate(shown.times) if t <= end]
        times = [shown.times[k] for k in inside]
        body.append(
            path(
                _steps(times, [shown.high[k] for k in inside], x, y, end),
                stroke=colour,
                width=0.6,
                opacity=0.4,
            )
        )
        body.append(
            path(
                _steps(times, [shown.low[k] for k in inside], x, y, end),
                stroke=colour,
                width=0.6,
                opacity=0.4,
            )
        )
        body.append(
            path(
                _steps(times, [shown.survival[k] for k in inside], x, y, end),
                stroke=colour,
                width=2,
                tip=label(curve),
            )
        )
        body.append(rect(width - right + 10, 14 + 16 * i, 10, 10, colour))
        body.append(text(width - right + 26, 23 + 16 * i, label(curve), size=10))
    return document(width, height, body, title)
