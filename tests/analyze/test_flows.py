"""Flow matrices of victims, drugs and arms, by hand.

V1: UZ → KZ → RU (female, 16, sexual exploitation); V2: KG → KZ (male, 30, forced
labour); V3: TJ → UZ → KZ → RU (male, age unknown, forced labour and servitude).
Seizure 1 in KZ (AF → RU): 3 kg, a rifle traced by serial to a TJ depot and a pistol;
seizure 2 in KG (AF → RU): 1 kg.
"""

from __future__ import annotations

import pytest

from amanat.analyze.consignments import arms_flows, drug_flows
from amanat.analyze.flows import breakdown, journeys, victim_flows
from amanat.analyze.flowset import Path

from .conftest import Monitoring


def test_victim_matrices(monitoring: Monitoring) -> None:
    found = journeys(monitoring.engine, monitoring.scope())
    flows = victim_flows(found)
    assert flows.matrix("origin", "destination") == {
        "KG": {"KZ": 1},
        "TJ": {"RU": 1},
        "UZ": {"RU": 1},
    }
    assert flows.matrix("origin", "transit") == {
        "KG": {"direct": 1},
        "TJ": {"KZ": 1, "UZ": 1},
        "UZ": {"KZ": 1},
    }
    assert flows.matrix("transit", "destination") == {
        "KZ": {"RU": 2},
        "UZ": {"RU": 1},
        "direct": {"KZ": 1},
    }
    assert flows.amounts[Path("TJ", ("UZ", "KZ"), "RU")] == 1


def test_victim_breakdowns(monitoring: Monitoring) -> None:
    by = breakdown(journeys(monitoring.engine, monitoring.scope()))
    assert by["sex"]["female"].matrix() == {"UZ": {"RU": 1}}
    assert by["age_group"]["0-17"].total() == 1 and by["age_group"]["unknown"].total() == 1
    # V3 has two forms: counted under each, once in the totals.
    assert by["form"]["ForcedLabour"].total() == 2 and by["form"]["Servitude"].total() == 1


def test_sankey_links(monitoring: Monitoring) -> None:
    links = {
        (lk["source"], lk["target"]): lk["value"]
        for lk in victim_flows(journeys(monitoring.engine, monitoring.scope())).sankey()["links"]
    }
    assert links == {
        ("o:UZ", "t:KZ"): 1,
        ("t:KZ", "d:RU"): 1,
        ("o:KG", "t:direct"): 1,
        ("t:direct", "d:KZ"): 1,
        ("o:TJ", "t:UZ"): 1,
        ("t:UZ", "d:RU"): 1,
    }


def test_drug_and_arms_flows(monitoring: Monitoring) -> None:
    drugs = drug_flows(monitoring.engine, monitoring.scope())
    assert drugs.amounts[Path("AF", ("KZ",), "RU")] == pytest.approx(3.0)
    assert drugs.amounts[Path("AF", ("KG",), "RU")] == pytest.approx(1.0)
    arms = arms_flows(monitoring.engine, monitoring.scope())
    assert dict(arms.amounts) == {Path("TJ", ("KZ",), "RU"): 1, Path("AF", ("KZ",), "RU"): 1}
    assert arms.segments() == {("TJ", "KZ"): 1, ("KZ", "RU"): 2, ("AF", "KZ"): 1}


def test_country_filter(monitoring: Monitoring) -> None:
    flows = victim_flows(journeys(monitoring.engine, monitoring.scope(country="KG")))
    assert flows.total() == 1
