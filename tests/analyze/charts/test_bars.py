"""The funnel, who reaches conviction and the yearly lines: numbers for the language,
every year of the period on the axis, a year without records a gap."""

from __future__ import annotations

from amanat.analyze.charts.bars import funnel, grouped_share, nice_top, yearly_lines
from amanat.analyze.figures import Figures

from .conftest import assert_distinct_series, assert_text_inside, drawn

STAGES = {
    "reported": "Offence reported",
    "arrested": "Arrested",
    "prosecuted": "Prosecuted (case sent to court)",
    "convicted": "Convicted",
}


def label(code: str) -> str:
    return STAGES.get(code, code)


def test_a_year_without_records_is_a_gap() -> None:
    series = {
        "reported": {2019: 3, 2020: 5, 2022: 4},
        "convicted": {2019: 1, 2020: 0, 2022: 2},
    }
    svg = yearly_lines(series, label, years=range(2019, 2024), no_records="no records")
    shown = drawn(svg)
    words = shown.text()
    assert [y for y in map(str, range(2019, 2024)) if y in words] == [
        "2019",
        "2020",
        "2021",
        "2022",
        "2023",
    ]
    assert words.count("no records") == 2  # 2021 and 2023
    lines = [e for e in shown.root.iter() if e.tag.endswith("polyline")]
    reported = [e for e in lines if e.get("data-series") == "reported"]
    assert len(reported) == 2  # 2019–2020, then 2022 alone: no line across 2021
    assert assert_distinct_series(svg).keys() == {"reported", "convicted"}
    assert_text_inside(svg)


def test_the_legend_is_inside_and_colours_are_distinct() -> None:
    series = {code: {2020: i + 1, 2021: i + 2} for i, code in enumerate(STAGES)}
    svg = yearly_lines(series, label, years=range(2020, 2022))
    assert len(set(assert_distinct_series(svg).values())) == 4
    assert_text_inside(svg)
    assert "Prosecuted (case sent to court)" in drawn(svg).text()


def test_numbers_are_written_for_the_language() -> None:
    stages = [("reported", 1095, None), ("arrested", 300, 0.274)]
    english = drawn(funnel(stages, label, figures=Figures("en"))).text()
    russian = drawn(funnel(stages, label, figures=Figures("ru"))).text()
    assert "1,095" in english and "300 (27%)" in english
    assert "1\u00a0095" in russian and "300 (27\u00a0%)" in russian
    shares = drawn(grouped_share([("organiser", 0.5)], str, figures=Figures("ru"))).text()
    assert "50\u00a0%" in shares and "100\u00a0%" in shares


def test_long_stage_names_fit() -> None:
    stages = [("x" * 60, 10, None), ("arrested", 5, 0.5)]
    assert_text_inside(funnel(stages, label))


def test_axes_end_on_round_numbers() -> None:
    assert [nice_top(v) for v in (3, 11, 99, 118, 1234)] == [4, 20, 100, 200, 2000]


def test_a_partial_year_is_marked_dashed_and_hollow() -> None:
    import datetime as dt

    series = {"reported": {2024: 40, 2025: 44, 2026: 3}}
    svg = yearly_lines(series, label, partial=dt.date(2026, 2, 1), partial_label="to 1 Feb 2026")
    shown = drawn(svg)
    assert "to 1 Feb 2026" in shown.text()
    dashed = [e for e in shown.root.iter() if e.get("stroke-dasharray")]
    assert len(dashed) == 1  # 2025 to the partial 2026 only
    hollow = [e for e in shown.root.iter() if e.tag.endswith("circle") and e.get("fill") == "#fff"]
    assert len(hollow) == 1
    lines = [e for e in shown.root.iter() if e.tag.endswith("polyline")]
    assert len(lines) == 1 and len(lines[0].get("points", "").split()) == 2  # whole years
    assert_text_inside(svg)
