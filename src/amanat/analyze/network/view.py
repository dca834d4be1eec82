"""A neighbourhood of the graph ready to draw: what the web app's interactive
network view asks for.

Breadth-first from one vertex until ``limit`` vertices (5,000 by default), with
positions computed here (Fruchterman–Reingold with igraph's grid speed-up, well
under a second for 5,000 vertices), so the browser only draws and pans: a vendored
canvas or WebGL renderer (sigma.js, cytoscape with a preset layout) shows 5,000
positioned vertices interactively, where a physics simulation in the browser would
not settle.

Brokers are flagged within the neighbourhood drawn (betweenness over the cut,
pivot-sampled above two thousand vertices): the actors most paths on screen run
through, which is what a user looking at the picture means by a broker.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import Engine

from amanat.analyze.network.centrality import betweenness
from amanat.analyze.network.facts import domain_names
from amanat.analyze.network.graph import RegisterGraph
from amanat.analyze.network.labels import labels
from amanat.analyze.scope import Scope

LIMIT = 5_000
LAYOUT_ITERATIONS = 300
# Actors flagged as brokers: the top share by betweenness, at least a few.
BROKER_SHARE = 0.01
MIN_BROKERS = 5


@dataclass
class Neighbourhood:
    centre: str
    vertices: np.ndarray  # vertex numbers in the register graph
    positions: list[tuple[float, float]]
    edges: list[tuple[int, int]]  # indexes into ``vertices``
    truncated: bool
    brokers: frozenset[int] = frozenset()  # indexes into ``vertices``


def _brokers(graph: RegisterGraph, chosen: np.ndarray, scores: np.ndarray) -> frozenset[int]:
    actors = np.flatnonzero(graph.actors()[chosen] & (scores > 0))
    wanted = max(MIN_BROKERS, int(len(chosen) * BROKER_SHARE))
    ranked = actors[np.argsort(-scores[actors], kind="stable")][:wanted]
    return frozenset(int(i) for i in ranked)


def neighbourhood(
    graph: RegisterGraph, centre: int, limit: int = LIMIT, seed: int = 0
) -> Neighbourhood:
    order, _, _ = graph.graph.bfs(centre)
    chosen = np.array(order[:limit], dtype=np.int64)
    sub = graph.graph.induced_subgraph(chosen.tolist())
    # induced_subgraph numbers vertices in ascending order of the originals.
    chosen = np.sort(chosen)
    np.random.seed(seed)  # igraph's layout draws its start from the global generator
    layout = sub.layout_fruchterman_reingold(niter=LAYOUT_ITERATIONS, grid="auto")
    scores = betweenness(sub, seed=seed)
    return Neighbourhood(
        centre=graph.key(centre),
        vertices=chosen,
        positions=[(float(x), float(y)) for x, y in layout.coords],
        edges=[(int(a), int(b)) for a, b in sub.get_edgelist()],
        truncated=len(order) > limit,
        brokers=_brokers(graph, chosen, scores),
    )


def view_json(
    engine: Engine, scope: Scope, graph: RegisterGraph, found: Neighbourhood
) -> dict[str, object]:
    """Nodes with kind, label, position and flags; edges as index pairs."""
    keys = [(graph.kind(int(v)), int(graph.ids[v])) for v in found.vertices]
    names = labels(engine, scope, keys)
    actors = graph.actors()
    nodes = []
    for index, ((kind, record), vertex, (x, y)) in enumerate(
        zip(keys, found.vertices, found.positions, strict=True)
    ):
        domains = domain_names(int(graph.domains[vertex]))
        nodes.append(
            {
                "id": f"{kind}:{record}",
                "kind": kind,
                "label": names.get((kind, record), f"{kind}:{record}"),
                "x": round(x, 2),
                "y": round(y, 2),
                "domains": domains,
                "official": bool(graph.official[vertex]),
                "facilitator": bool(graph.facilitator[vertex]),
                "broker": index in found.brokers,
                "overlap": len(domains) > 1 and bool(actors[vertex]),
            }
        )
    return {
        "centre": found.centre,
        "truncated": found.truncated,
        "basis": graph.canonical.source,
        "nodes": nodes,
        "edges": found.edges,
    }
