"""Flow maps: arrows with heads of their own (no SVG markers, which WeasyPrint drew as
stray filled squares), every leg's amount written, no label over another."""

from __future__ import annotations

from itertools import combinations

from amanat.analyze.charts.flowmap import flow_map
from amanat.analyze.charts.labels import overlap
from amanat.analyze.figures import Figures
from amanat.analyze.geo import countries

from .conftest import SVG, assert_text_inside, drawn

NAMES = {
    "KZ": "Kazakhstan",
    "KG": "Kyrgyzstan",
    "UZ": "Uzbekistan",
    "TJ": "Tajikistan",
    "RU": "Russia",
    "TR": "Türkiye",
}
# Bishkek and Almaty are a few pixels apart on the region's map: the crowded case.
LEGS = {
    ("KG", "KZ"): 28.0,
    ("UZ", "KZ"): 23.0,
    ("TJ", "KZ"): 18.0,
    ("KZ", "RU"): 16.0,
    ("TR", "KZ"): 1.0,
}


def test_arrows_have_heads_and_amounts() -> None:
    svg = flow_map(LEGS, NAMES.get, figures=Figures("en"), caption="Arrows: victims")
    assert "<marker" not in svg and "marker-end" not in svg
    shown = drawn(svg)
    heads = [e for e in shown.root.iter(f"{SVG}polygon") if e.get("data-series") == "flow"]
    assert len(heads) == len(LEGS)
    words = shown.text()
    assert all(name in words for name in NAMES.values())
    assert sorted(w for w in words if w.isdigit()) == sorted(str(int(v)) for v in LEGS.values())
    assert "Arrows: victims" in words


def test_no_label_covers_another() -> None:
    svg = flow_map(LEGS, NAMES.get)
    boxes = [box for value, box in drawn(svg).texts() if value in NAMES.values() or value.isdigit()]
    assert len(boxes) == len(NAMES) + len(LEGS)
    as_boxes = [(left, top, right - left, bottom - top) for left, top, right, bottom in boxes]
    for a, b in combinations(as_boxes, 2):
        assert overlap(a, b) == 0, (a, b)
    assert_text_inside(svg)


def test_amounts_in_russian() -> None:
    legs = {("TJ", "KZ"): 463.9, ("KZ", "RU"): 1234.5}
    words = drawn(flow_map(legs, NAMES.get, figures=Figures("ru"))).text()
    assert "463,9" in words and "1\u00a0234,5" in words


def test_no_flows_no_map() -> None:
    """An empty map of the region read like a map of nothing moving; it says so."""
    svg = flow_map({}, NAMES.get, no_flows="no records")
    assert drawn(svg).text() == ["no records"] and "<path" not in svg


def test_only_countries_in_the_frame_are_drawn() -> None:
    """Kyrgyzstan to Kazakhstan: a close-up of the two, not the world's outlines."""
    svg = flow_map({("KG", "KZ"): 3.0}, NAMES.get)
    outlines = [e for e in drawn(svg).root.iter(f"{SVG}path") if e.get("data-series") != "flow"]
    assert 2 <= len(outlines) < len(countries())
    assert "Kyrgyzstan" in svg and "Kazakhstan" in svg and "Türkiye" not in svg
