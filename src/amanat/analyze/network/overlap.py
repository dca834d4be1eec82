"""The cross-type overlap: people and groups active in more than one of human, drug
and arms trafficking, with the records that show it.

Nobody has studied systematically how the three overlap; the register can show
where they do, record by record.  A person's evidence is their case roles (and the
seizures of drugs or weapons in those cases); a group's is its members' and
leaders' membership relationships, each naming the domains of that member.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Engine, select

from amanat.analyze.network.analysis import NetworkAnalysis
from amanat.analyze.network.facts import CHUNK, MEMBERSHIP, domain_names, evidence
from amanat.analyze.network.graph import GROUP, KINDS, PERSON, RegisterGraph
from amanat.analyze.network.labels import labels
from amanat.analyze.scope import Scope
from amanat.analyze.tabular import Table
from amanat.register import Relationship

LIMIT = 500


@dataclass
class OverlapActor:
    key: str
    label: str
    domains: list[str]
    records: list[dict[str, object]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def _popcount(bits: np.ndarray) -> np.ndarray:
    count: np.ndarray = (bits & 1) + (bits >> 1 & 1) + (bits >> 2 & 1)
    return count


def cross_type(
    engine: Engine, scope: Scope, analysis: NetworkAnalysis, limit: int = LIMIT
) -> list[OverlapActor]:
    """Actors of the networks in scope active in two or three domains, most first."""
    graph = analysis.graph
    multi = analysis.in_scope & graph.actors() & (_popcount(graph.domains) >= 2)
    vertices = np.flatnonzero(multi)
    vertices = vertices[np.argsort(-_popcount(graph.domains[vertices]), kind="stable")][:limit]
    found = [
        OverlapActor(graph.key(int(v)), graph.key(int(v)), domain_names(int(graph.domains[v])))
        for v in vertices
    ]
    by_key = {a.key: a for a in found}
    people = _records(graph, PERSON, vertices)
    for item in evidence(engine, scope, people):
        actor = by_key.get(f"person:{_entity(graph, PERSON, item.person_id)}")
        if actor is not None:
            actor.records.append(
                {
                    "record": item.record,
                    "case": item.case_id,
                    "domain": item.domain,
                    "detail": item.detail,
                }
            )
    groups = _records(graph, GROUP, vertices)
    for start in range(0, len(groups), CHUNK):
        query = select(
            Relationship.id, Relationship.to_group_id, Relationship.from_person_id
        ).where(
            scope.admits(Relationship),
            Relationship.kind.in_(MEMBERSHIP),
            Relationship.to_group_id.in_(groups[start : start + CHUNK]),
            Relationship.from_person_id.is_not(None),
        )
        with engine.connect() as connection:
            for rel_id, group_id, person_id in connection.execute(query):
                if group_id is None or person_id is None:
                    continue
                actor = by_key.get(f"group:{_entity(graph, GROUP, group_id)}")
                member = graph.vertex("person", person_id)
                if actor is None or member is None or not graph.domains[member]:
                    continue
                shown = ", ".join(domain_names(int(graph.domains[member])))
                actor.records.append(
                    {
                        "record": f"relationship:{rel_id}",
                        "case": None,
                        "domain": shown,
                        "detail": f"member person:{person_id}",
                    }
                )
    # A resolved entity is named by its smallest visible record: labels still apply.
    names = labels(engine, scope, [(a.key.split(":")[0], int(a.key.split(":")[1])) for a in found])
    for actor in found:
        kind, record = actor.key.split(":")
        actor.label = names.get((kind, int(record)), actor.key)
    return found


def _entity(graph: RegisterGraph, code: int, record_id: int) -> int:
    return graph.canonical.ids.get(KINDS[code], {}).get(record_id, record_id)


def _records(graph: RegisterGraph, code: int, vertices: np.ndarray) -> list[int]:
    """Record ids behind the vertices of one kind (all records of a resolved entity)."""
    entities = {int(graph.ids[v]) for v in vertices if graph.kinds[v] == code}
    mapping = graph.canonical.ids.get(KINDS[code], {})
    if not mapping:
        return sorted(entities)
    return sorted(r for r, e in mapping.items() if e in entities)


def overlap_table(actors: list[OverlapActor]) -> Table:
    rows = [
        (
            a.key,
            a.label,
            ", ".join(a.domains),
            len(a.records),
            "; ".join(str(r["record"]) for r in a.records[:6]),
        )
        for a in actors
    ]
    return Table(
        "cross_type_overlap",
        "People and groups active in more than one of human, drug and arms trafficking",
        ("actor", "label", "domains", "records", "evidence"),
        list(rows),
    )
