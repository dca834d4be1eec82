"""The Sankey: one colour per origin, the smallest origins beyond the palette grouped;
every label (country and amount) inside the drawing."""

from __future__ import annotations

from amanat.analyze.charts.sankey import sankey
from amanat.analyze.charts.svg import OTHER
from amanat.analyze.figures import Figures

from .conftest import assert_distinct_series, assert_text_inside, drawn

COUNTRIES = ["UZ", "TJ", "KG", "TM", "AF", "KZ", "RU", "TR", "AE", "IR"]
NAMES = {"AE": "United Arab Emirates", "IR": "Iran (Islamic Republic of)"}


def test_origins_have_distinct_colours_and_labels_fit() -> None:
    links = [(f"o:{c}", "t:direct", 100.0 - 9 * i) for i, c in enumerate(COUNTRIES)]
    links += [("t:direct", "d:AE", sum(v for _, _, v in links))]
    svg = sankey(links, lambda c: NAMES.get(c, c), ["Origin", "Transit", "Destination"])
    colours = assert_distinct_series(svg)
    assert len(colours) == 8 and colours["o:other"] == OTHER.lower()
    assert_text_inside(svg)
    assert "United Arab Emirates 595" in drawn(svg).text()


def test_amounts_are_written_for_the_language() -> None:
    links = [("o:UZ", "t:KZ", 1234.5), ("t:KZ", "d:RU", 1234.5)]
    words = drawn(sankey(links, str, ["O", "T", "D"], figures=Figures("ru"))).text()
    assert "UZ 1\u00a0234,5" in words
