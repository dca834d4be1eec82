"""Networks as FollowTheMoney entities, through the one mapping (``data/ftm.yaml``):
a node is the entity the export makes of its record — the same schema and the same
id — carrying the label the analysis shows; a resolved entity (several records of
one courier) takes the id of its first record.  Links are the graph's ties, not
records: each gets the schema the mapping's ``network.ties`` give its ends and an id
made from the ids of both.

FollowTheMoney has no phone entity; a phone's number becomes the ``phone`` property
of the people and groups linked to it.  Victims and witnesses are never nodes, and
protected people are never named (``amanat.analyze.network``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import orjson
from followthemoney import model
from sqlalchemy import Engine, select

from amanat.analyze.network.graph import RegisterGraph
from amanat.exchange.ftm import Publishers, columns_of, model_of_table
from amanat.exchange.ftm_mapping import Entity, FtmMapping, ftm_mapping
from amanat.exchange.ftm_values import clean_phone
from amanat.register import Organisation

CHUNK = 900


class NetworkEntities:
    """The entities of one network export."""

    def __init__(self, engine: Engine, graph: RegisterGraph, mapping: FtmMapping) -> None:
        self.engine = engine
        self.graph = graph
        self.mapping = mapping
        self.publishers = Publishers(mapping)
        self.schemata: dict[tuple[str, int], str] = {}
        spec = mapping.network
        self.labels: Mapping[str, list[str]] = spec["labels"]
        self.phone = str(spec["phone"])
        self.ties = list(spec["ties"])

    def load(self, keys: set[tuple[str, int]]) -> None:
        """The organisation and schema of every node's record."""
        wanted: dict[str, list[int]] = {}
        for kind, record_id in keys:
            wanted.setdefault(kind, []).append(record_id)
        with self.engine.connect() as connection:
            query = select(Organisation.id, Organisation.code)
            self.publishers.codes.update({i: c for i, c in connection.execute(query)})
            for kind, ids in wanted.items():
                self._load(connection, kind, sorted(ids))

    def _load(self, connection: Any, kind: str, ids: list[int]) -> None:
        columns = columns_of(self.mapping, kind)
        compiled = self.mapping.compile(kind, columns, self.publishers.entity)
        table = model_of_table(str(self.mapping.kinds[kind]["table"])).__table__
        chosen = [table.columns[n] for n in columns.wanted[None]] + [table.columns["org_id"]]
        written = self.publishers.written.setdefault(kind, {})
        for start in range(0, len(ids), CHUNK):
            query = select(*chosen).where(table.columns["id"].in_(ids[start : start + CHUNK]))
            for row in connection.execute(query):
                written[row[0]] = row[-1]
                self.schemata[(kind, row[0])] = compiled.schema_of(row, row[-1])

    def node(self, kind: str, record_id: int, label: str | None) -> Entity | None:
        org = self.publishers.written.get(kind, {}).get(record_id)
        if org is None:
            return None
        text = label or f"{kind} {record_id}"
        return {
            "id": self.publishers.record_id(kind, record_id, org),
            "schema": self.schemata[(kind, record_id)],
            "properties": {
                **{p: [text] for p in self.labels[kind]},
                "publisher": [self.publishers.codes[org]],
            },
        }

    def tie(self, a: tuple[str, Entity], b: tuple[str, Entity]) -> Entity:
        for rule in self.ties:
            ends = rule.get("ends")
            if ends is None or [a[0], b[0]] == ends:
                first, second = a[1], b[1]
            elif [b[0], a[0]] == ends:
                first, second = b[1], a[1]
            else:
                continue
            pair = sorted((str(first["id"]), str(second["id"])))
            return {
                "id": self.mapping.ids.of_tie(*pair),
                "schema": str(rule["schema"]),
                "properties": {rule["a"]: [first["id"]], rule["b"]: [second["id"]]},
            }
        raise LookupError(f"no tie rule for {a[0]} and {b[0]}")

    def entities(self, vertices: np.ndarray, names: Mapping[str, str]) -> Iterator[Entity]:
        graph = self.graph
        ordered = sorted(int(v) for v in vertices)
        keys = {(graph.kind(v), int(graph.ids[v])) for v in ordered}
        self.load({k for k in keys if k[0] != "phone"})
        nodes: dict[int, tuple[str, Entity]] = {}
        phones: dict[int, str] = {}
        for vertex in ordered:
            key, kind = graph.key(vertex), graph.kind(vertex)
            if kind == "phone":
                number = clean_phone(names.get(key, ""))
                if number:
                    phones[vertex] = number
                continue
            entity = self.node(kind, int(graph.ids[vertex]), names.get(key))
            if entity is not None:
                nodes[vertex] = (kind, entity)
        ties = []
        for a, b in graph.edges_among(vertices):
            if a in phones or b in phones:
                holder, phone = (b, a) if a in phones else (a, b)
                found = nodes.get(holder)
                if found is not None and _takes_phone(found[1]):
                    held = found[1]["properties"].setdefault(self.phone, [])
                    if phones[phone] not in held:
                        held.append(phones[phone])
                continue
            if a in nodes and b in nodes:
                ties.append(self.tie(nodes[a], nodes[b]))
        for _, entity in nodes.values():
            yield entity
        yield from ties


def _takes_phone(entity: Entity) -> bool:
    schema = model.get(str(entity["schema"]))
    return schema is not None and schema.is_a("LegalEntity")


def write_network_ftm(
    engine: Engine,
    graph: RegisterGraph,
    vertices: np.ndarray,
    names: Mapping[str, str],
    path: Path,
) -> int:
    """FollowTheMoney entities, one JSON object a line; returns how many."""
    count = 0
    with path.open("wb") as out:
        for entity in NetworkEntities(engine, graph, ftm_mapping()).entities(vertices, names):
            out.write(orjson.dumps(entity))
            out.write(b"\n")
            count += 1
    return count
