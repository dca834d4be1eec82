"""The GLOTIP export against UNODC's data_glotip layout: its 13 columns in order, its
labels, Total rows, "<5" for small counts, and no small count recoverable from the
totals beside it."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml
from tests.exchange.conftest import Exporter

from amanat.exchange import glotip
from amanat.exchange.glotip import BY_CITIZENSHIP, TOTAL, Key, published

DATA = Path(glotip.__file__).parent / "data"
NUMBER = re.compile(r"^[1-9]\d{0,2}(,\d{3})*$")  # UNODC's "1,282"
HIDDEN = {"<5", "x", "–"}


def _shipped(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    return loaded


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as source:
        header = next(csv.reader(source))
    with path.open(encoding="utf-8-sig", newline="") as source:
        return header, list(csv.DictReader(source))


def test_the_columns_and_labels_are_unodcs(export: Exporter) -> None:
    header, rows = _rows(export("glotip").output)
    layout = _shipped("glotip-layout")
    assert header == layout["columns"] and len(header) == 13
    countries = {iso3: entry for iso3, entry in _shipped("m49")["countries"].items()}
    assert rows
    for row in rows:
        assert row["Indicator"] in layout["indicators"]
        assert row["Dimension"] in layout["dimensions"]
        assert row["Sex"] in layout["sexes"] and row["Age"] in layout["ages"]
        assert row["Unit of measurement"] in layout["units"]
        assert row["Source"] == "Amanat"
        _, name, region, subregion = countries[row["Iso3_code"]]
        assert (row["Country"], row["Region"], row["Subregion"]) == (name, region, subregion)
        if row["Dimension"] == "by form of exploitation":
            assert row["Category"] in layout["forms_of_exploitation"]
        if row["Dimension"] == TOTAL:
            assert row["Category"] == TOTAL
        if row["Dimension"] == BY_CITIZENSHIP:
            assert (row["Sex"], row["Age"]) == (TOTAL, TOTAL)
            names = {entry[1] for entry in countries.values()}
            assert row["Category"] in names | {"Unknown"}
        assert row["txtVALUE"] in HIDDEN or NUMBER.match(row["txtVALUE"]), row
        assert row["Year"].isdigit()
    assert {r["Indicator"] for r in rows} >= {"Detected trafficking victims", "Persons convicted"}
    assert not any("_" in r["Indicator"] for r in rows)  # labels, not snake_case codes


def test_the_total_rows_are_there_and_add_up(export: Exporter) -> None:
    _, rows = _rows(export("glotip").output)
    tables: dict[tuple[str, ...], dict[tuple[str, str], str]] = defaultdict(dict)
    for r in rows:
        group = (r["Iso3_code"], r["Indicator"], r["Dimension"], r["Category"], r["Year"])
        tables[group][(r["Sex"], r["Age"])] = r["txtVALUE"]
    grids = {g: t for g, t in tables.items() if g[2] != BY_CITIZENSHIP}
    assert grids and all((TOTAL, TOTAL) in t for t in grids.values())
    assert any((TOTAL, "18 years or over") in t and ("Male", TOTAL) in t for t in grids.values())
    checked = 0
    for table in grids.values():
        for age in ("0 to 17 years", "18 years or over", "Unknown", TOTAL):
            parts = [table.get((s, age), "0") for s in ("Female", "Male", "Unknown")]
            whole = table.get((TOTAL, age), "0")
            if all(NUMBER.match(v) or v == "0" for v in [*parts, whole]):
                assert sum(int(v.replace(",", "")) for v in parts) == int(whole.replace(",", ""))
                checked += 1
    assert checked


def _key(dimension: str, category: str, sex: str = TOTAL, age: str = TOTAL) -> Key:
    return ("KZ", "victims_detected", dimension, category, sex, age, 2024)


def test_a_small_count_cannot_be_worked_out_from_the_totals() -> None:
    """12 women and 7 men, adults; 17 Kyrgyz and 2 Uzbek; 3 girls.  Showing the total
    and the Kyrgyz would give the 2 Uzbeks away; the women's total and the adult
    women would give the girls away."""
    counts: Counter[Key] = Counter()
    counts[_key(TOTAL, TOTAL, "Female", "18 years or over")] = 12
    counts[_key(TOTAL, TOTAL, "Female", "0 to 17 years")] = 3
    counts[_key(TOTAL, TOTAL, "Male", "18 years or over")] = 7
    counts[_key(BY_CITIZENSHIP, "Kyrgyzstan")] = 20
    counts[_key(BY_CITIZENSHIP, "Uzbekistan")] = 2
    shown = published(counts, 5)
    assert shown[_key(BY_CITIZENSHIP, "Uzbekistan")] == "<5"
    assert shown[_key(TOTAL, TOTAL, "Female", "0 to 17 years")] == "<5"
    assert "x" in (shown[_key(BY_CITIZENSHIP, "Kyrgyzstan")], shown[_key(TOTAL, TOTAL)])
    women = (
        shown[_key(TOTAL, TOTAL, "Female", TOTAL)],
        shown[_key(TOTAL, TOTAL, "Female", "18 years or over")],
    )
    assert "x" in women
    # A count no one can derive anything from stays: the 7 men.
    assert shown[_key(TOTAL, TOTAL, "Male", "18 years or over")] in ("7", "x")
