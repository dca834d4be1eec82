"""Networks out of Amanat as GraphML, for graph tools (Gephi, yEd, Cytoscape).

Networks as FollowTheMoney entities are written through the one FtM mapping, by
``amanat.exchange.ftm_network`` (exchange sits above analyze).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from amanat.analyze.network.facts import domain_names
from amanat.analyze.network.graph import RegisterGraph

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
NODE_KEYS = (
    ("kind", "string"),
    ("label", "string"),
    ("domains", "string"),
    ("official", "boolean"),
    ("facilitator", "boolean"),
)


def write_graphml(
    graph: RegisterGraph, vertices: np.ndarray, names: dict[str, str], path: Path
) -> int:
    """The subgraph of ``vertices`` as GraphML; returns the number of nodes."""
    ET.register_namespace("", GRAPHML)
    root = ET.Element(f"{{{GRAPHML}}}graphml")
    for name, kind in NODE_KEYS:
        ET.SubElement(
            root,
            f"{{{GRAPHML}}}key",
            id=name,
            attrib={"for": "node", "attr.name": name, "attr.type": kind},
        )
    body = ET.SubElement(root, f"{{{GRAPHML}}}graph", id="amanat", edgedefault="undirected")
    for vertex in sorted(int(v) for v in vertices):
        key = graph.key(vertex)
        node = ET.SubElement(body, f"{{{GRAPHML}}}node", id=key)
        values = (
            graph.kind(vertex),
            names.get(key, key),
            ",".join(domain_names(int(graph.domains[vertex]))),
            str(bool(graph.official[vertex])).lower(),
            str(bool(graph.facilitator[vertex])).lower(),
        )
        for (name, _), value in zip(NODE_KEYS, values, strict=True):
            ET.SubElement(node, f"{{{GRAPHML}}}data", key=name).text = value
    for a, b in graph.edges_among(vertices):
        ET.SubElement(body, f"{{{GRAPHML}}}edge", source=graph.key(a), target=graph.key(b))
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return len(vertices)
