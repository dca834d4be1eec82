"""Networks out of Amanat: GraphML for graph tools (Gephi, yEd, Cytoscape) and
FollowTheMoney entities for Aleph and the investigative tools that read them.

FollowTheMoney has no phone entity; a phone's number becomes the ``phone``
property of the people and groups linked to it.  Links keep the kinds of their
ends: a person in a case is a ``CourtCaseParty``, a person in a group a
``Membership``, two people ``Associate``s, anything else an ``UnknownLink``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from followthemoney import model

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
SCHEMA = {
    "person": "Person",
    "group": "Organization",
    "vehicle": "Vehicle",
    "place": "Address",
    "case": "CourtCase",
}
NAME_PROPERTY = {
    "Person": "name",
    "Organization": "name",
    "Vehicle": "registrationNumber",
    "Address": "full",
    "CourtCase": "caseNumber",
}


def _edges(graph: RegisterGraph, vertices: np.ndarray) -> list[tuple[int, int]]:
    sub = graph.graph.induced_subgraph(sorted(int(v) for v in vertices))
    ordered = np.sort(vertices)
    return [(int(ordered[a]), int(ordered[b])) for a, b in sub.get_edgelist()]


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
    for a, b in _edges(graph, vertices):
        ET.SubElement(body, f"{{{GRAPHML}}}edge", source=graph.key(a), target=graph.key(b))
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return len(vertices)


def _entity(schema: str, key: str) -> Any:
    entity = model.make_entity(schema)
    entity.make_id("amanat", key)
    return entity


def ftm_entities(
    graph: RegisterGraph, vertices: np.ndarray, names: dict[str, str]
) -> Iterator[dict[str, Any]]:
    """FollowTheMoney entities (as dicts) for the nodes and links among ``vertices``."""
    entities: dict[int, Any] = {}
    phones: dict[int, str] = {}
    for vertex in sorted(int(v) for v in vertices):
        key, kind = graph.key(vertex), graph.kind(vertex)
        if kind == "phone":
            phones[vertex] = names.get(key, "")
            continue
        entity = _entity(SCHEMA[kind], key)
        entity.add(NAME_PROPERTY[entity.schema.name], names.get(key, key))
        if entity.schema.name == "CourtCase":
            entity.add("name", names.get(key, key))
        entities[vertex] = entity
    links = []
    for a, b in _edges(graph, vertices):
        if a in phones or b in phones:
            holder, phone = (b, a) if a in phones else (a, b)
            if (
                holder in entities
                and phones.get(phone)
                and entities[holder].schema.is_a("LegalEntity")
            ):
                entities[holder].add("phone", phones[phone])
            continue
        links.append(_link(graph, entities[a], entities[b], graph.kind(a), graph.kind(b)))
    for entity in entities.values():
        yield entity.to_dict()
    yield from links


def _link(graph: RegisterGraph, a: Any, b: Any, kind_a: str, kind_b: str) -> dict[str, Any]:
    kinds = {kind_a, kind_b}
    if kinds == {"person", "case"}:
        party, case = (a, b) if kind_a == "person" else (b, a)
        link = _entity("CourtCaseParty", f"{party.id}/{case.id}")
        link.add("party", party.id)
        link.add("case", case.id)
    elif kinds == {"person", "group"}:
        member, group = (a, b) if kind_a == "person" else (b, a)
        link = _entity("Membership", f"{member.id}/{group.id}")
        link.add("member", member.id)
        link.add("organization", group.id)
    elif kinds == {"person"}:
        link = _entity("Associate", f"{a.id}/{b.id}")
        link.add("person", a.id)
        link.add("associate", b.id)
    else:
        link = _entity("UnknownLink", f"{a.id}/{b.id}")
        link.add("subject", a.id)
        link.add("object", b.id)
    result: dict[str, Any] = link.to_dict()
    return result


def write_ftm(graph: RegisterGraph, vertices: np.ndarray, names: dict[str, str], path: Path) -> int:
    """FollowTheMoney entities, one JSON object a line; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for entity in ftm_entities(graph, vertices, names):
            out.write(json.dumps(entity, ensure_ascii=False) + "\n")
            count += 1
    return count
