"""Stage counts and conversions on the hand-made register (see conftest).

Police, KZ, tip, cases opened 2020–2021: cases 1, 2, 3 reported; 1 and 2
investigated; suspects P1, P2 (case 1) and P3 (case 2) identified; P1 and P2
arrested, charged and prosecuted; P1 convicted, P2 acquitted.  Case 4 (another
agency's, owner only), case 5 (drugs) and case 6 (Uzbekistan) are out.
"""

from __future__ import annotations

import pytest

from amanat.analyze.pipeline import stage_counts

from .conftest import Monitoring


def test_stage_counts_by_hand(monitoring: Monitoring) -> None:
    counts = stage_counts(
        monitoring.engine,
        monitoring.scope(country="KZ", case_type="tip", year_from=2020, year_to=2021),
    )
    total = counts.total()
    assert {s: (c.cases, c.persons) for s, c in total.items()} == {
        "reported": (3, 0),
        "investigation_opened": (2, 0),
        "suspect_identified": (2, 3),
        "arrested": (1, 2),
        "charged": (1, 2),
        "prosecuted": (1, 2),
        "convicted": (1, 1),
        "acquitted": (1, 1),
        "dismissed": (0, 0),
    }


def test_conversion_rates_by_hand(monitoring: Monitoring) -> None:
    counts = stage_counts(monitoring.engine, monitoring.scope(country="KZ", case_type="tip"))
    rates = counts.conversions()
    assert rates["reported"] is None
    assert rates["investigation_opened"] == pytest.approx(2 / 3)
    assert rates["suspect_identified"] == pytest.approx(
        2 / 2
    )  # cases with a suspect per case investigated
    assert rates["arrested"] == pytest.approx(2 / 3)
    assert rates["convicted"] == pytest.approx(1 / 2)
    assert rates["acquitted"] == pytest.approx(1 / 2)
    assert rates["dismissed"] == 0


def test_cohorts_and_year_on_year(monitoring: Monitoring) -> None:
    counts = stage_counts(monitoring.engine, monitoring.scope(country="KZ", case_type="tip"))
    assert counts.by_year[2020]["reported"].cases == 1
    assert counts.by_year[2021]["reported"].cases == 2
    row_2021 = dict(zip(counts.year_table().columns, counts.year_table().rows[1], strict=True))
    assert row_2021["year"] == "2021"
    assert row_2021["reported_change"] == pytest.approx(1.0)  # 1 → 2
    assert row_2021["arrested_change"] == pytest.approx(-1.0)  # 2 → 0


def test_another_organisation_sees_fewer(monitoring: Monitoring) -> None:
    """Visibility: the police see their three cases; the other agency only its own."""
    police = stage_counts(
        monitoring.engine, monitoring.scope(country="KZ", case_type="tip")
    ).total()
    other = stage_counts(
        monitoring.engine, monitoring.scope(monitoring.other, country="KZ", case_type="tip")
    ).total()
    assert police["reported"].cases == 3
    assert other["reported"].cases == 1
    assert other["arrested"].persons == 1
    assert other["convicted"].persons == 0


def test_publishable_only_counts_clear_records(monitoring: Monitoring) -> None:
    counts = stage_counts(monitoring.engine, monitoring.scope(country="KZ", publishable_only=True))
    assert all(c.cases == 0 for c in counts.total().values())
