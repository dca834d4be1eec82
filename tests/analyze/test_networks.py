"""Networks over the hand-made register: one network of P1, P2, P3, P5 and the
group Pamir, through cases 1, 2 and 5, a vehicle and relationships.

P1 organises in a trafficking case (1) and a drug case (5) where a rifle and a pistol
were seized: active in human, drug and arms trafficking.  P5 (drugs, arms) and the
group (through its members P1 and P5) overlap too.
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from pathlib import Path

import igraph as ig
import numpy as np
from tests.exchange.conftest import followthemoney_entities

from amanat.access.models import User
from amanat.access.roles import Role
from amanat.access.visibility import Viewer
from amanat.analyze.network import centrality
from amanat.analyze.network.analysis import analyse_networks
from amanat.analyze.network.canonical import RESOLVED, Canonical
from amanat.analyze.network.export import write_graphml
from amanat.analyze.network.overlap import cross_type
from amanat.analyze.network.view import neighbourhood, view_json
from amanat.exchange.ftm_network import write_network_ftm
from amanat.resolve.judgements import judge
from amanat.store.engine import transaction

from .conftest import Monitoring


def test_one_network_with_its_broker(monitoring: Monitoring) -> None:
    analysis = analyse_networks(monitoring.engine, monitoring.scope(), canonical=Canonical())
    assert analysis.networks_found == 1
    network = analysis.networks[0]
    assert network.counts == {"person": 4, "group": 1, "vehicle": 1, "case": 3}
    assert network.domains == ["human", "drugs", "arms"]
    p1 = f"person:{monitoring.ids['p1']}"
    assert network.brokers[0].key == p1
    assert network.key_players[0].key == p1
    assert [a.key for a in network.officials] == [f"person:{monitoring.ids['p3']}"]
    assert "records" in analysis.basis


def test_cross_type_overlap_with_records(monitoring: Monitoring) -> None:
    analysis = analyse_networks(monitoring.engine, monitoring.scope(), canonical=Canonical())
    found = {a.key: a for a in cross_type(monitoring.engine, monitoring.scope(), analysis)}
    ids = monitoring.ids
    assert set(found) == {f"person:{ids['p1']}", f"person:{ids['p5']}", f"group:{ids['g1']}"}
    p1 = found[f"person:{ids['p1']}"]
    assert p1.domains == ["human", "drugs", "arms"]
    assert {r["record"] for r in p1.records} >= {f"seizure:{ids['seizure1']}"}
    assert {r["domain"] for r in p1.records} == {"human", "drugs", "arms"}
    assert all(r["record"].startswith("relationship:") for r in found[f"group:{ids['g1']}"].records)


def test_resolved_entities_merge_nodes(monitoring: Monitoring) -> None:
    """With a canonical assignment saying P3 and P2 are one person, there is one
    node for both."""
    ids = monitoring.ids
    merged = Canonical({"person": {ids["p3"]: ids["p2"]}}, basis=RESOLVED)
    network = analyse_networks(monitoring.engine, monitoring.scope(), canonical=merged).networks[0]
    assert network.counts["person"] == 3


def test_an_analysts_judgement_merges_nodes(monitoring: Monitoring) -> None:
    """The same, end to end: a 'same' judgement in the register, read by the analysis
    through amanat.resolve's canonical assignment."""
    ids = monitoring.ids
    police = monitoring.police
    with transaction(monitoring.engine) as session:
        analyst = User(org_id=police.org_id, username="an", display_name="An", role="analyst")
        session.add(analyst)
        session.flush()
        viewer = Viewer(analyst.id, police.org_id, Role.analyst)
        judge(session, viewer, "person", ids["p2"], ids["p3"], "same", "one man")
    analysis = analyse_networks(monitoring.engine, monitoring.scope())
    assert analysis.basis.startswith("people, groups, vehicles and phones, each once")
    assert analysis.networks[0].counts["person"] == 3


def test_other_organisation_sees_no_network(monitoring: Monitoring) -> None:
    analysis = analyse_networks(
        monitoring.engine, monitoring.scope(monitoring.other), canonical=Canonical()
    )
    assert analysis.networks_found == 0


def test_exports(monitoring: Monitoring, tmp_path: Path) -> None:
    analysis = analyse_networks(monitoring.engine, monitoring.scope(), canonical=Canonical())
    members = analysis.networks[0].members
    assert write_graphml(analysis.graph, members, {}, tmp_path / "n.graphml") == 9
    root = ET.parse(tmp_path / "n.graphml").getroot()
    assert (
        len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}edge"))
        == analysis.networks[0].edges
    )
    # Through the one FtM mapping (exchange sits above analyze; tests/exchange/
    # test_ftm_network.py checks the ids against the FtM export's).
    count = write_network_ftm(
        monitoring.engine, analysis.graph, members, {}, tmp_path / "n.ftm.json"
    )
    schemas = [e["schema"] for e in followthemoney_entities(tmp_path / "n.ftm.json")]
    assert count == len(schemas)
    assert {
        "Person",
        "Organization",
        "Vehicle",
        "CourtCase",
        "CourtCaseParty",
        "Membership",
    } <= set(schemas)


def test_neighbourhood_view(monitoring: Monitoring) -> None:
    analysis = analyse_networks(monitoring.engine, monitoring.scope(), canonical=Canonical())
    centre = analysis.graph.vertex("person", monitoring.ids["p1"])
    assert centre is not None
    hood = neighbourhood(analysis.graph, centre, limit=4)
    assert len(hood.vertices) == 4 and hood.truncated
    payload = view_json(monitoring.engine, monitoring.scope(), analysis.graph, hood)
    assert {n["id"] for n in payload["nodes"]} >= {f"person:{monitoring.ids['p1']}"}
    assert all(0 <= a < 4 and 0 <= b < 4 for a, b in payload["edges"])


def test_betweenness_exact_and_sampled() -> None:
    star = ig.Graph.Star(6)
    assert int(np.argmax(centrality.betweenness(star))) == 0
    big = ig.Graph.Barabasi(3000, 2)
    exact = np.array(big.betweenness(directed=False))
    estimate = centrality.betweenness(big, seed=1)
    top_exact, top_estimate = set(np.argsort(-exact)[:10]), set(np.argsort(-estimate)[:10])
    assert len(top_exact & top_estimate) >= 7


def test_key_player_fragments_a_path() -> None:
    path = ig.Graph([(0, 1), (1, 2), (2, 3), (3, 4)])
    best = centrality.key_players(path, [0, 1, 2, 3, 4], count=1)[0]
    assert best.vertex == 2
    # Removing the middle of a 5-path leaves two pairs: F = 1 − (2 + 2) / (4 · 3).
    assert best.fragmentation == 1 - 4 / 12


def test_fragmentation_as_igraph_clustering_gives_it() -> None:
    """``fragmentation`` reads the components' membership alone; the figure is the one
    igraph's clustering object gives, to the last bit, on graphs of every shape."""
    draw = random.Random(3)
    for _ in range(200):
        n = draw.randint(3, 300)
        graph = ig.Graph.Erdos_Renyi(n=n, m=draw.randint(0, n), loops=False)
        sizes = np.array(graph.connected_components().sizes(), dtype=float)
        expected = float(1 - (sizes * (sizes - 1)).sum() / (n * (n - 1)))
        assert centrality.fragmentation(graph) == expected
