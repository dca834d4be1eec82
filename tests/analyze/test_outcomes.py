"""Who reaches conviction; seizures per prosecution; victims against verdicts."""

from __future__ import annotations

import pytest

from amanat.analyze.outcomes import who_reaches_conviction
from amanat.analyze.seizure_yield import seizure_yield
from amanat.analyze.victim_outcomes import victim_outcomes

from .conftest import Monitoring


def test_who_reaches_conviction(monitoring: Monitoring) -> None:
    reach = {
        r.category: r
        for r in who_reaches_conviction(
            monitoring.engine, monitoring.scope(country="KZ", case_type="tip")
        )
    }
    assert reach["organiser"].persons == 1 and reach["organiser"].reached["convicted"] == 1
    assert reach["transporter_courier"].reached["acquitted"] == 1
    assert reach["transporter_courier"].rate("convicted") == 0
    # The border guard is a public official first: counted there, never convicted.
    assert reach["official"].persons == 1 and reach["official"].reached["arrested"] == 0
    assert reach["facilitator"].persons == 0
    assert reach["organiser"].rate("convicted", "prosecuted") == 1


def test_kilograms_per_prosecution(monitoring: Monitoring) -> None:
    """3 kg seized in Kazakhstan in 2020 (1 kg more in Kyrgyzstan is out); one
    courier prosecuted in the drug case: 3 kg per prosecution, all couriers."""
    found = seizure_yield(
        monitoring.engine, monitoring.scope(country="KZ", year_from=2020, year_to=2020)
    )
    assert found.kg == pytest.approx(3.0)
    assert found.kg_by_substance == pytest.approx({"heroin": 2.5, "hashish": 0.5})
    assert found.drug_prosecuted == 1 and found.couriers_prosecuted == 1
    assert found.kg_per(found.drug_prosecuted) == pytest.approx(3.0)
    assert found.weapons == 2 and found.drug_convicted == 0


def test_victims_against_verdicts(monitoring: Monitoring) -> None:
    """V1 (case 1, a conviction), V2 (case 2, no verdict), V3 (no case, identified in KZ)."""
    found = victim_outcomes(monitoring.engine, monitoring.scope(country="KZ"))
    assert (
        found.identified,
        found.linked_to_case,
        found.case_reached_verdict,
        found.case_reached_conviction,
    ) == (3, 2, 1, 1)
    other = victim_outcomes(monitoring.engine, monitoring.scope(monitoring.other, country="KZ"))
    # Victims are community records; their cases are not visible to the other agency.
    assert other.linked_to_case == 0
