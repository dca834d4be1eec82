"""A neighbourhood of the graph ready to draw: what the web app's interactive
network view asks for.

Breadth-first from one vertex until ``limit`` vertices (5,000 by default), with
positions computed here (Fruchterman–Reingold with igraph's grid speed-up, well
under a second for 5,000 vertices), so the browser only draws and pans: a vendored
canvas or WebGL renderer (sigma.js, cytoscape with a preset layout) shows 5,000
positioned vertices interactively, where a physics simulation in the browser would
not settle.

The neighbourhood may be narrowed to cases of one kind of trafficking, country or
period (``within``): cases outside are left out of the walk, so what is drawn is
linked through those cases only.  A record the user may see that links to nothing
they may see (a suspect whose only case is another agency's) is drawn alone
(``lone_view``) rather than refused as if it did not exist.

Brokers are flagged within the neighbourhood drawn (betweenness over the cut,
pivot-sampled above two thousand vertices): the actors most paths on screen run
through, which is what a user looking at the picture means by a broker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Engine, select

from amanat.analyze.network.centrality import betweenness
from amanat.analyze.network.facts import domain_names
from amanat.analyze.network.graph import CASE, MODELS, SITE_KINDS, RegisterGraph
from amanat.analyze.network.labels import labels
from amanat.analyze.scope import Scope
from amanat.register import Person, Place

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


def _walk(graph: RegisterGraph, centre: int, within: np.ndarray | None) -> list[int]:
    """Vertices in breadth-first order from ``centre``, through the cases of
    ``within`` (case ids) only when given."""
    if within is None:
        order, _, _ = graph.graph.bfs(centre)
        return [int(v) for v in order]
    kept = (graph.kinds != CASE) | np.isin(graph.ids, within)
    kept[centre] = True
    members = np.flatnonzero(kept)
    sub = graph.graph.induced_subgraph(members.tolist())  # numbered as ``members``
    order, _, _ = sub.bfs(int(np.searchsorted(members, centre)))
    return [int(members[v]) for v in order]


def neighbourhood(
    graph: RegisterGraph,
    centre: int,
    limit: int = LIMIT,
    seed: int = 0,
    within: np.ndarray | None = None,
) -> Neighbourhood:
    order = _walk(graph, centre, within)
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
        "alone": False,
        "basis": graph.canonical.source,
        "nodes": nodes,
        "edges": found.edges,
    }


def _drawable(scope: Scope, kind: str, record_id: int) -> Any:
    model: Any = MODELS[kind]
    query = select(model.id).where(model.id == record_id, scope.admits(model))
    if kind == "person":  # victims and witnesses are never nodes
        query = query.where(Person.is_protected.is_(False))
    if kind == "place":
        query = query.where(Place.kind.in_(SITE_KINDS))
    return query


def lone_view(
    engine: Engine, scope: Scope, graph: RegisterGraph, kind: str, record_id: int
) -> dict[str, object] | None:
    """The record alone, when the user may see it but nothing it links to (else
    None): its page says it is a suspect, so the graph must not say it is absent."""
    with engine.connect() as connection:
        if connection.execute(_drawable(scope, kind, record_id)).first() is None:
            return None
    key = f"{kind}:{record_id}"
    node = {
        "id": key,
        "kind": kind,
        "label": labels(engine, scope, [(kind, record_id)]).get((kind, record_id), key),
        "x": 0.0,
        "y": 0.0,
        "domains": [],
        "official": False,
        "facilitator": False,
        "broker": False,
        "overlap": False,
    }
    return {
        "centre": key,
        "truncated": False,
        "alone": True,
        "basis": graph.canonical.source,
        "nodes": [node],
        "edges": [],
    }
