"""Networks in the register: connected components of people, groups, vehicles,
phones, places and cases, with their brokers, key players, facilitators and
officials, and the actors active in more than one kind of trafficking.

A network is a component with at least ``MIN_ACTORS`` people or groups.  With a
country, case type or period in the scope, the networks are those touching a case
in scope — the graph itself always spans the whole visible register, since the
point is to see a network cross borders and kinds of crime.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Engine, select

from amanat.analyze.network import centrality
from amanat.analyze.network.canonical import Canonical, load_canonical
from amanat.analyze.network.facts import domain_names
from amanat.analyze.network.graph import CASE, RegisterGraph, load_graph
from amanat.analyze.network.labels import labels
from amanat.analyze.scope import Scope
from amanat.analyze.stage_dates import case_filter
from amanat.analyze.tabular import Table
from amanat.register import Case

MIN_ACTORS = 3
TOP_NETWORKS = 20
TOP_BROKERS = 5


@dataclass
class Actor:
    key: str  # "person:17"
    label: str
    domains: list[str]
    official: bool
    facilitator: bool
    betweenness: float = 0.0
    fragmentation: float | None = None

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class Network:
    number: int
    vertices: int
    edges: int
    counts: dict[str, int]
    domains: list[str]
    brokers: list[Actor] = field(default_factory=list)
    key_players: list[Actor] = field(default_factory=list)
    facilitators: list[Actor] = field(default_factory=list)
    officials: list[Actor] = field(default_factory=list)
    members: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def to_dict(self) -> dict[str, object]:
        out = {k: v for k, v in self.__dict__.items() if k != "members"}
        for name in ("brokers", "key_players", "facilitators", "officials"):
            out[name] = [a.to_dict() for a in getattr(self, name)]
        return out


@dataclass
class NetworkAnalysis:
    basis: str
    vertices: int
    edges: int
    networks_found: int
    size_distribution: dict[str, int]
    networks: list[Network]
    graph: RegisterGraph
    in_scope: np.ndarray  # per vertex: part of a network in scope

    def table(self) -> Table:
        rows = [
            (
                n.number,
                n.vertices,
                n.counts.get("person", 0),
                n.counts.get("group", 0),
                n.counts.get("case", 0),
                ", ".join(n.domains),
                "; ".join(a.label for a in n.brokers[:3]),
                "; ".join(a.label for a in n.key_players),
                len(n.facilitators),
                len(n.officials),
            )
            for n in self.networks
        ]
        return Table(
            "networks",
            f"Largest networks (nodes: {self.basis})",
            (
                "network",
                "nodes",
                "people",
                "groups",
                "cases",
                "domains",
                "brokers",
                "key_players",
                "facilitators",
                "officials",
            ),
            list(rows),
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "basis": self.basis,
            "vertices": self.vertices,
            "edges": self.edges,
            "networks_found": self.networks_found,
            "size_distribution": self.size_distribution,
            "networks": [n.to_dict() for n in self.networks],
        }


def _bucket(size: int) -> str:
    for upper, name in ((5, "3-5"), (10, "6-10"), (50, "11-50"), (200, "51-200")):
        if size <= upper:
            return name
    return "over 200"


def scope_cases(engine: Engine, scope: Scope) -> np.ndarray | None:
    """The ids of the cases the scope's filters admit; None when it has none."""
    if not (scope.country or scope.case_type or scope.year_from or scope.year_to):
        return None
    with engine.connect() as connection:
        ids = connection.execute(select(Case.id).where(*case_filter(scope))).scalars().all()
    return np.array(sorted(ids), dtype=np.int64)


def analyse_networks(
    engine: Engine, scope: Scope, top: int = TOP_NETWORKS, canonical: Canonical | None = None
) -> NetworkAnalysis:
    canonical = canonical or load_canonical(engine, scope.viewer)
    graph = load_graph(engine, scope, canonical)
    membership = np.array(graph.graph.connected_components().membership, dtype=np.int64)
    actors = graph.actors()
    per_component = np.bincount(membership, weights=actors.astype(float)).astype(int)
    wanted = per_component >= MIN_ACTORS
    in_scope = scope_cases(engine, scope)
    if in_scope is not None:
        cases = np.flatnonzero((graph.kinds == CASE) & np.isin(graph.ids, in_scope))
        touched = np.zeros(len(wanted), dtype=bool)
        touched[membership[cases]] = True
        wanted &= touched
    sizes = np.bincount(membership)
    chosen = np.flatnonzero(wanted)
    ranked = chosen[np.argsort(-sizes[chosen], kind="stable")][:top]
    networks = [_network(graph, membership, int(c), i + 1) for i, c in enumerate(ranked)]
    _label(engine, scope, graph, networks)
    return NetworkAnalysis(
        basis=canonical.source,
        vertices=graph.graph.vcount(),
        edges=graph.graph.ecount(),
        networks_found=len(chosen),
        size_distribution=dict(Counter(_bucket(int(sizes[c])) for c in chosen)),
        networks=networks,
        graph=graph,
        in_scope=wanted[membership],
    )


def _actor(graph: RegisterGraph, vertex: int) -> Actor:
    return Actor(
        key=graph.key(vertex),
        label=graph.key(vertex),
        domains=domain_names(int(graph.domains[vertex])),
        official=bool(graph.official[vertex]),
        facilitator=bool(graph.facilitator[vertex]),
    )


def _network(graph: RegisterGraph, membership: np.ndarray, component: int, number: int) -> Network:
    members = np.flatnonzero(membership == component)
    sub = graph.graph.induced_subgraph(members.tolist())
    scores = centrality.betweenness(sub, seed=component)
    actors = graph.actors()[members]
    kinds = Counter(graph.kind(int(v)) for v in members)
    bits = int(np.bitwise_or.reduce(graph.domains[members])) if len(members) else 0
    network = Network(number, sub.vcount(), sub.ecount(), dict(kinds), domain_names(bits))
    network.members = members
    for local in [int(v) for v in np.argsort(-scores) if actors[v]][:TOP_BROKERS]:
        broker = _actor(graph, int(members[local]))
        broker.betweenness = float(scores[local])
        network.brokers.append(broker)
    for player in centrality.key_players(sub, centrality.candidates(sub, scores, actors)):
        found = _actor(graph, int(members[player.vertex]))
        found.betweenness = float(scores[player.vertex])
        found.fragmentation = player.fragmentation
        network.key_players.append(found)
    network.officials = [_actor(graph, int(v)) for v in members if graph.official[v]]
    network.facilitators = [
        _actor(graph, int(v)) for v in members if graph.facilitator[v] and not graph.official[v]
    ]
    return network


def _label(engine: Engine, scope: Scope, graph: RegisterGraph, networks: list[Network]) -> None:
    shown = [
        a
        for n in networks
        for group in (n.brokers, n.key_players, n.facilitators, n.officials)
        for a in group
    ]
    keys = {(a.key.split(":")[0], int(a.key.split(":")[1])) for a in shown}
    names = labels(engine, scope, keys)
    for actor in shown:
        kind, record = actor.key.split(":")
        actor.label = names.get((kind, int(record)), actor.key)
