"""The register as one graph: people, groups, vehicles, phones, places and cases,
linked by case roles, relationships and the places cases happened at.

Every table is read under the visibility rule, and an edge is kept only when the
records at both ends are visible too (a visible relationship must not reveal a
record the user may not see).  Victims and witnesses are not nodes: they are not
part of a criminal network, and drawing them would expose them.  Organisations
(agencies employing officials) are not nodes either: one ministry would join every
network it employs someone in.  Places are specific sites only (farms, construction
sites, storage, addresses): a city or border crossing would join every case that
passed through it.

Ids are integers throughout (numpy arrays, an igraph graph), so the large region's
million records load in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import igraph as ig
import numpy as np
from sqlalchemy import Engine, Integer, Select, case, cast, or_, select

from amanat.analyze.network import facts
from amanat.analyze.network.canonical import Canonical
from amanat.analyze.scope import Scope
from amanat.register import (
    Case,
    CaseRole,
    CriminalGroup,
    Movement,
    Person,
    Phone,
    Place,
    Relationship,
    Seizure,
    Vehicle,
    Victim,
)
from amanat.register.case import NON_PERPETRATOR_ROLES

KINDS = ("person", "group", "vehicle", "phone", "place", "case")
MODELS = {
    "person": Person,
    "group": CriminalGroup,
    "vehicle": Vehicle,
    "phone": Phone,
    "place": Place,
    "case": Case,
}
SITE_KINDS = ("farm", "construction_site", "storage_facility", "address")
RELATION_ENDS = (
    ("person", "from_person_id"),
    ("group", "from_group_id"),
    ("person", "to_person_id"),
    ("group", "to_group_id"),
    ("vehicle", "to_vehicle_id"),
    ("phone", "to_phone_id"),
)
PERSON, GROUP, CASE = KINDS.index("person"), KINDS.index("group"), KINDS.index("case")


@dataclass
class RegisterGraph:
    """An undirected graph; vertex ``i`` is record (or entity) ``ids[i]`` of kind
    ``KINDS[kinds[i]]``, active in the domains of bit mask ``domains[i]``."""

    graph: ig.Graph
    kinds: np.ndarray
    ids: np.ndarray
    domains: np.ndarray
    official: np.ndarray
    facilitator: np.ndarray
    canonical: Canonical

    def kind(self, vertex: int) -> str:
        return KINDS[int(self.kinds[vertex])]

    def key(self, vertex: int) -> str:
        return f"{self.kind(vertex)}:{int(self.ids[vertex])}"

    def vertex(self, kind: str, record_id: int) -> int | None:
        """The vertex of a record (through its canonical entity when resolved)."""
        entity = self.canonical.ids.get(kind, {}).get(record_id, record_id)
        hits = np.flatnonzero((self.kinds == KINDS.index(kind)) & (self.ids == entity))
        return int(hits[0]) if len(hits) else None

    def edges_among(self, vertices: np.ndarray) -> list[tuple[int, int]]:
        """The edges between ``vertices`` (a network's members), as vertex pairs."""
        ordered = sorted(int(v) for v in vertices)
        sub = self.graph.induced_subgraph(ordered)
        return [(ordered[a], ordered[b]) for a, b in sub.get_edgelist()]

    def actors(self) -> np.ndarray:
        people_and_groups: np.ndarray = (self.kinds == PERSON) | (self.kinds == GROUP)
        return people_and_groups


def columns(engine: Engine, query: Select[*tuple[Any, ...]], width: int) -> list[np.ndarray]:
    """Integer columns of a query as float arrays (NULL becomes NaN; ids stay exact)."""
    with engine.connect() as connection:
        result = connection.execute(query)
        # Integers need no result processing: the driver's own cursor is four
        # times faster than building a Row per record.
        rows = result.cursor.fetchall() if result.cursor is not None else []
        result.close()
    table: np.ndarray = np.array(rows, dtype=np.float64).reshape(-1, width)
    return [table[:, i] for i in range(width)]


def visible_ids(engine: Engine, scope: Scope, kind: str) -> np.ndarray:
    model: Any = MODELS[kind]
    query = select(model.id).where(scope.admits(model))
    if kind == "place":
        query = query.where(Place.kind.in_(SITE_KINDS))
    ids: np.ndarray = columns(engine, query, 1)[0].astype(np.int64)
    return ids


@dataclass
class _Edges:
    kind_a: int
    a: np.ndarray
    kind_b: int
    b: np.ndarray


def _role_query(scope: Scope) -> Select[*tuple[Any, ...]]:
    helps = or_(CaseRole.role == "facilitator", CaseRole.facilitator_kind.is_not(None))
    return select(
        CaseRole.person_id,
        CaseRole.case_id,
        cast(CaseRole.is_public_official, Integer),
        case((helps, 1), else_=0),
    ).where(scope.admits(CaseRole), CaseRole.role.not_in(NON_PERPETRATOR_ROLES))


def _edges(engine: Engine, scope: Scope) -> tuple[list[_Edges], list[np.ndarray]]:
    roles = columns(engine, _role_query(scope), 4)
    found = [_Edges(PERSON, roles[0], CASE, roles[1])]
    ends = [getattr(Relationship, column) for _, column in RELATION_ENDS]
    member = case((Relationship.kind.in_(facts.MEMBERSHIP), 1), else_=0)
    rel = columns(engine, select(*ends, member).where(scope.admits(Relationship)), 7)
    for i in (0, 1):
        for j in range(2, len(RELATION_ENDS)):
            pick = ~np.isnan(rel[i]) & ~np.isnan(rel[j])
            found.append(
                _Edges(
                    KINDS.index(RELATION_ENDS[i][0]),
                    rel[i][pick],
                    KINDS.index(RELATION_ENDS[j][0]),
                    rel[j][pick],
                )
            )
    membership = (rel[6] == 1) & ~np.isnan(rel[0]) & ~np.isnan(rel[3])
    # Only sites are places here; joining Place in SQL drops the cities early.
    worked_at = (
        select(Movement.place_id, Victim.case_id)
        .join(Victim, Victim.id == Movement.victim_id)
        .join(Place, Place.id == Movement.place_id)
        .where(scope.admits(Victim), Victim.case_id.is_not(None), Place.kind.in_(SITE_KINDS))
    )
    seized_at = select(Seizure.place_id, Seizure.case_id).where(
        scope.admits(Seizure), Seizure.place_id.is_not(None), Seizure.case_id.is_not(None)
    )
    place = KINDS.index("place")
    for query in (worked_at, seized_at):
        a, b = columns(engine, query, 2)
        found.append(_Edges(place, a, CASE, b))
    return found, [*roles, rel[0][membership], rel[3][membership]]


def _resolve(canonical: Canonical, code: int, ids: np.ndarray) -> np.ndarray:
    mapping = canonical.ids.get(KINDS[code])
    if not mapping:
        return ids
    return np.fromiter((mapping.get(int(i), int(i)) for i in ids), dtype=np.int64, count=len(ids))


def load_graph(engine: Engine, scope: Scope, canonical: Canonical | None = None) -> RegisterGraph:
    """Every visible record that takes part in a link, as one graph."""
    canonical = canonical or Canonical()
    seen = {kind: visible_ids(engine, scope, kind) for kind in KINDS}
    lists, (r_person, r_case, r_official, r_helps, m_person, m_group) = _edges(engine, scope)
    for e in lists:
        a, b = e.a.astype(np.int64), e.b.astype(np.int64)
        keep = np.isin(a, seen[KINDS[e.kind_a]]) & np.isin(b, seen[KINDS[e.kind_b]])
        e.a, e.b = _resolve(canonical, e.kind_a, a[keep]), _resolve(canonical, e.kind_b, b[keep])
    # Vertices: every (kind, id) at an edge end, numbered kind by kind.
    vertex_ids = [
        np.unique(
            np.concatenate(
                [np.empty(0, dtype=np.int64)]
                + [e.a for e in lists if e.kind_a == code]
                + [e.b for e in lists if e.kind_b == code]
            )
        )
        for code in range(len(KINDS))
    ]
    offsets = np.cumsum([0] + [len(v) for v in vertex_ids])

    def index(code: int, ids: np.ndarray) -> np.ndarray:
        found: np.ndarray = offsets[code] + np.searchsorted(vertex_ids[code], ids)
        return found

    edges = np.column_stack(
        [
            np.concatenate([index(e.kind_a, e.a) for e in lists]),
            np.concatenate([index(e.kind_b, e.b) for e in lists]),
        ]
    )
    graph = ig.Graph(n=int(offsets[-1]), directed=False)
    graph.add_edges(edges)  # from the array: three times faster than a list of pairs
    graph.simplify()  # one edge per pair, however many records say so
    kinds = np.concatenate([np.full(len(v), c, dtype=np.int8) for c, v in enumerate(vertex_ids)])
    ids = np.concatenate(vertex_ids).astype(np.int64)
    result = RegisterGraph(
        graph,
        kinds,
        ids,
        np.zeros(len(ids), dtype=np.uint8),
        np.zeros(len(ids), dtype=bool),
        np.zeros(len(ids), dtype=bool),
        canonical,
    )
    case_ids, case_bits = facts.case_domains(engine, scope)
    facts.attach(
        result,
        vertex_ids,
        offsets,
        (r_person, r_case, r_official, r_helps),
        (m_person, m_group),
        (case_ids, case_bits),
    )
    return result
