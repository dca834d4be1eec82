"""Networks over what the caller may see: the largest with their brokers, key players,
facilitators and officials, and the cross-type overlap; one neighbourhood laid out
for drawing; and networks written out as GraphML or FollowTheMoney.

Victims and witnesses are never nodes, and protected people are never named
(``amanat.analyze.network``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.database import engine_of
from amanat.actions.door import Context, Scope, action
from amanat.actions.monitoring.cache import kept
from amanat.actions.monitoring.scope import Asked, record, scope_of
from amanat.analyze.network.analysis import NetworkAnalysis, analyse_networks, scope_cases
from amanat.analyze.network.canonical import load_canonical
from amanat.analyze.network.graph import KINDS, RegisterGraph, load_graph
from amanat.analyze.network.overlap import OverlapActor, cross_type, overlap_table
from amanat.analyze.network.view import (
    LIMIT,
    Neighbourhood,
    lone_view,
    neighbourhood,
    view_json,
)
from amanat.analyze.scope import Scope as AnalysisScope
from amanat.analyze.tabular import Table

GraphFormat = Literal["graphml", "ftm"]


@dataclass(frozen=True)
class Networks:
    scope: AnalysisScope
    analysis: NetworkAnalysis
    overlap: list[OverlapActor]

    def tables(self) -> list[Table]:
        return [self.analysis.table(), overlap_table(self.overlap)]


@action(
    "analysis.networks",
    "Networks over the records the caller may see: components, brokers, key players, "
    "facilitators, officials and the cross-type overlap",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit="analyze",
)
def networks(ctx: Context, asked: Asked, top: int = 20) -> Networks:
    scope = scope_of(ctx, asked)
    engine = engine_of(ctx)

    def compute() -> Networks:
        analysis = analyse_networks(engine, scope, top=top)
        return Networks(scope, analysis, cross_type(engine, scope, analysis))

    found: Networks = kept(ctx, "networks", scope, compute, top)
    record(ctx, scope, "network", sum(len(t.rows) for t in found.tables()), entry="analyze")
    return found


@dataclass(frozen=True)
class Drawn:
    graph: RegisterGraph
    found: Neighbourhood
    # Nodes with kind, label, position and flags, edges as index pairs (the graph page's).
    view: dict[str, object]


def parse_key(key: str) -> tuple[str, int] | None:
    """``kind:id`` (e.g. "person:17") as its parts; None for anything else."""
    kind, _, number = key.strip().partition(":")
    if kind in KINDS and number.isdigit() and len(number) < 19:
        return kind, int(number)
    return None


def _absent(key: str) -> NotFound:
    return NotFound(f"no node you may see has the key {key!r}; give kind:id, e.g. person:17")


@action(
    "analysis.neighbourhood",
    "The neighbourhood of one node (kind:id) in the graph of what the caller may see, "
    "laid out for drawing",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit="analyze",
)
def around(
    ctx: Context,
    asked: Asked,
    key: str,
    limit: int = LIMIT,
    graph: RegisterGraph | None = None,
) -> Drawn:
    """``graph``: the caller's own, from ``networks`` (else loaded here); a key that is
    no node the caller may see is ``NotFound``, like one that does not exist.  The
    filters asked for (kind of trafficking, country, period) narrow the walk to their
    cases; a visible record linked to nothing visible is drawn alone."""
    scope = scope_of(ctx, asked)
    engine = engine_of(ctx)
    parts = parse_key(key)
    if parts is None:
        raise _absent(key)
    graph = graph or load_graph(engine, scope, load_canonical(engine, scope.viewer))
    vertex = graph.vertex(*parts)
    if vertex is None:
        alone = lone_view(engine, scope, graph, *parts)
        if alone is None:
            raise _absent(key)
        empty = Neighbourhood(f"{parts[0]}:{parts[1]}", np.empty(0, dtype=np.int64), [], [], False)
        record(ctx, scope, "network.neighbourhood", 1, entry="analyze")
        return Drawn(graph, empty, alone)
    found = neighbourhood(graph, vertex, limit, within=scope_cases(engine, scope))
    view = view_json(engine, scope, graph, found)
    record(ctx, scope, "network.neighbourhood", len(found.vertices), entry="analyze")
    return Drawn(graph, found, view)


@action(
    "analysis.export_network",
    "Write networks (their nodes and the links among them) out as GraphML or "
    "FollowTheMoney entities, named as the caller may see them",
    scope=Scope.visible_records,
    permission=Permission.export,
    read_only=True,
    audit="export",
)
def export_network(
    ctx: Context,
    asked: Asked,
    graph: RegisterGraph,
    vertices: np.ndarray,
    form: GraphFormat,
    path: Path,
) -> int:
    """The number of nodes (GraphML) or entities (FollowTheMoney) written to ``path``."""
    from amanat.analyze.network.export import write_graphml
    from amanat.analyze.network.labels import labels
    from amanat.exchange.ftm_network import write_network_ftm

    scope = scope_of(ctx, asked)
    engine = engine_of(ctx)
    keys = [(graph.kind(int(v)), int(graph.ids[v])) for v in vertices]
    names = {f"{k}:{i}": name for (k, i), name in labels(engine, scope, keys).items()}
    if form == "graphml":
        count = write_graphml(graph, vertices, names, path)
    else:  # through the one FtM mapping, as the export writes the same records
        count = write_network_ftm(engine, graph, vertices, names, path)
    record(ctx, scope, f"network.{form}", count, entry="export")
    return count
