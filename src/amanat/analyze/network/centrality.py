"""Brokers and key players.

Brokers are the actors with the highest betweenness: the most shortest paths
between others run through them.  Paths may run through cases, vehicles and phones
(two suspects of one case are linked through it), but only people and groups are
ranked.  Betweenness is exact for networks up to ``EXACT_LIMIT`` vertices; above,
it is estimated from ``PIVOTS`` random source vertices and scaled up (Brandes and
Pich's pivot sampling), which keeps the ranking of the top brokers stable at a
fraction of the cost.

Key players are the actors whose removal fragments the network most (Borgatti's
KPP-Neg): fragmentation F = 1 − Σ s_k(s_k − 1) / (n(n − 1)) over the components
left.  Candidates are the top brokers and the cut vertices; the set is chosen
greedily, one removal at a time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import igraph as ig
import numpy as np

EXACT_LIMIT = 2_000
PIVOTS = 300
CANDIDATES = 15


def betweenness(graph: ig.Graph, seed: int = 0) -> np.ndarray:
    """Betweenness of every vertex of a connected ``graph``."""
    n = graph.vcount()
    if n <= EXACT_LIMIT:
        exact: np.ndarray = np.array(graph.betweenness(directed=False), dtype=float)
        return exact
    pivots = random.Random(seed).sample(range(n), PIVOTS)
    # With every vertex as a source igraph returns the exact value, so a sample of
    # sources scales up by n / pivots.
    partial = np.array(graph.betweenness(directed=False, sources=pivots), dtype=float)
    scaled: np.ndarray = partial * (n / PIVOTS)
    return scaled


def fragmentation(graph: ig.Graph) -> float:
    n = graph.vcount()
    if n < 2:
        return 1.0
    # The membership alone: ``connected_components()`` wraps it in a clustering
    # object whose Python set-up took most of the time of each of the many trials.
    membership = ig.GraphBase.connected_components(graph)
    sizes = np.bincount(np.asarray(membership, dtype=np.int64)).astype(float)
    return float(1 - (sizes * (sizes - 1)).sum() / (n * (n - 1)))


@dataclass(frozen=True)
class KeyPlayer:
    vertex: int  # in the network's own numbering
    fragmentation: float  # of the network once this one and those before are removed


def key_players(graph: ig.Graph, candidates: list[int], count: int = 3) -> list[KeyPlayer]:
    """Greedily, the ``count`` candidates whose removal raises fragmentation most."""
    chosen: list[KeyPlayer] = []
    removed: list[int] = []
    pool = list(dict.fromkeys(candidates))
    for _ in range(min(count, len(pool))):
        best: KeyPlayer | None = None
        for vertex in pool:
            trial = graph.copy()
            trial.delete_vertices([*removed, vertex])
            score = fragmentation(trial)
            if best is None or score > best.fragmentation:
                best = KeyPlayer(vertex, score)
        if best is None:
            break
        chosen.append(best)
        removed.append(best.vertex)
        pool.remove(best.vertex)
    return chosen


def candidates(graph: ig.Graph, scores: np.ndarray, actors: np.ndarray) -> list[int]:
    """Top brokers and cut vertices among the actors (people and groups)."""
    ranked = [int(v) for v in np.argsort(-scores) if actors[v]][:CANDIDATES]
    cuts = [v for v in graph.articulation_points() if actors[v]]
    cuts.sort(key=lambda v: -scores[v])
    return list(dict.fromkeys(ranked + cuts[:CANDIDATES]))
