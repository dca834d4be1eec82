"""The palette is Okabe and Ito's, and a legend keeps to the drawing's width."""

from __future__ import annotations

import pytest

from amanat.analyze.charts.svg import PALETTE, legend, series_colours, text_width

# Okabe & Ito (2008), "Color Universal Design", https://jfly.uni-koeln.de/color/
OKABE_ITO = {
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
}


def test_the_palette_is_okabe_ito() -> None:
    assert set(PALETTE) == OKABE_ITO and len(PALETTE) == 8


def test_series_never_share_a_colour() -> None:
    names = [f"series {i}" for i in range(8)]
    assert len(set(series_colours(names).values())) == 8
    with pytest.raises(ValueError, match="9 series"):
        series_colours([*names, "one more"])


def test_a_legend_wraps_within_its_width() -> None:
    entries = [(f"s{i}", PALETTE[i], f"a rather long series label number {i}") for i in range(7)]
    body, height = legend(entries, 20, 100, 600)
    rows = {float(e.split('y="')[1].split('"')[0]) for e in body if e.startswith("<rect")}
    assert len(rows) > 1 and height == pytest.approx(18 * len(rows))
    for element in body:
        if element.startswith("<text"):
            x = float(element.split('x="')[1].split('"')[0])
            label = element.split(">")[1].split("<")[0]
            assert x + text_width(label, 10) <= 620
