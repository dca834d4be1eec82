"""What the register says about each actor of a network: in which of human, drug and
arms trafficking they are active, whether they are a public official or a
facilitator, and the records that show it.

A case counts for the domain of its type, and also for drugs or arms when drugs or
weapons were seized in it (couriers carry small arms).  A group is active where its
members and leaders are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import Engine, func, select

from amanat.analyze.scope import Scope
from amanat.register import Case, CaseRole, SeizedDrug, Seizure, Weapon
from amanat.register.case import NON_PERPETRATOR_ROLES

DOMAINS = ("human", "drugs", "arms")
DOMAIN_OF_TYPE = {"tip": "human", "smuggling": "human", "drugs": "drugs", "arms": "arms"}
MEMBERSHIP = ("member_of", "leads")
CHUNK = 900  # ids per IN list: under SQLite's bound-parameter limit

if TYPE_CHECKING:
    from amanat.analyze.network.graph import RegisterGraph


def case_domains(engine: Engine, scope: Scope) -> tuple[np.ndarray, np.ndarray]:
    """Visible case ids (sorted) and their domain bits: by type, and by what was seized."""
    drugs = (
        select(Seizure.case_id)
        .distinct()
        .join(SeizedDrug, SeizedDrug.seizure_id == Seizure.id)
        .where(scope.admits(Seizure), Seizure.case_id.is_not(None))
    )
    arms = (
        select(Seizure.case_id)
        .distinct()
        .join(Weapon, Weapon.seizure_id == Seizure.id)
        .where(scope.admits(Seizure), scope.admits(Weapon), Seizure.case_id.is_not(None))
    )
    with engine.connect() as connection:
        cases = connection.execute(select(Case.id, Case.case_type).where(scope.admits(Case))).all()
        with_drugs = connection.execute(drugs).scalars().all()
        with_arms = connection.execute(arms).scalars().all()
    ids = np.array([c[0] for c in cases], dtype=np.int64)
    order = np.argsort(ids)
    ids = ids[order]
    by_type = {d: 1 << i for i, d in enumerate(DOMAINS)}
    bits = np.array([by_type.get(DOMAIN_OF_TYPE.get(c[1], ""), 0) for c in cases], dtype=np.uint8)
    bits = bits[order]
    for seized, bit in ((with_drugs, 2), (with_arms, 4)):
        at, found = _lookup(ids, np.array(seized, dtype=np.int64))
        bits[at[found]] |= bit
    return ids, bits


def _lookup(sorted_ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``wanted`` in ``sorted_ids`` and which of them are there."""
    at = np.searchsorted(sorted_ids, wanted)
    at = np.minimum(at, max(len(sorted_ids) - 1, 0))
    found = (sorted_ids[at] == wanted) if len(sorted_ids) else np.zeros(len(wanted), dtype=bool)
    return at, found


def attach(
    graph: RegisterGraph,
    vertex_ids: list[np.ndarray],
    offsets: np.ndarray,
    roles: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    members: tuple[np.ndarray, np.ndarray],
    cases: tuple[np.ndarray, np.ndarray],
) -> None:
    """Set each vertex's domains, and the official and facilitator flags of people.

    A person takes the domains of every case they have a role in; a group those of
    its members and leaders; a case its own."""
    from amanat.analyze.network.graph import CASE, GROUP, PERSON, _resolve

    person = _resolve(graph.canonical, PERSON, roles[0].astype(np.int64))
    case_id = roles[1].astype(np.int64)
    p_at, p_ok = _lookup(vertex_ids[PERSON], person)
    c_at, c_ok = _lookup(cases[0], case_id)
    ok = p_ok & c_ok
    vertex = offsets[PERSON] + p_at[ok]
    np.bitwise_or.at(graph.domains, vertex, cases[1][c_at[ok]])
    np.logical_or.at(graph.official, vertex, roles[2][ok] == 1)
    np.logical_or.at(graph.facilitator, vertex, roles[3][ok] == 1)
    v_at, v_ok = _lookup(cases[0], vertex_ids[CASE])
    graph.domains[offsets[CASE] : offsets[CASE + 1]] = np.where(v_ok, cases[1][v_at], 0)
    m_person = _resolve(graph.canonical, PERSON, members[0].astype(np.int64))
    m_group = _resolve(graph.canonical, GROUP, members[1].astype(np.int64))
    mp_at, mp_ok = _lookup(vertex_ids[PERSON], m_person)
    mg_at, mg_ok = _lookup(vertex_ids[GROUP], m_group)
    ok = mp_ok & mg_ok
    np.bitwise_or.at(
        graph.domains, offsets[GROUP] + mg_at[ok], graph.domains[offsets[PERSON] + mp_at[ok]]
    )


def domain_names(bits: int) -> list[str]:
    return [d for i, d in enumerate(DOMAINS) if bits >> i & 1]


@dataclass(frozen=True)
class Evidence:
    """A record showing an actor active in a domain."""

    person_id: int
    record: str  # "case_role:17", "seizure:4"
    case_id: int
    domain: str
    detail: str


def evidence(engine: Engine, scope: Scope, person_ids: Iterable[int]) -> list[Evidence]:
    """The case roles (and seizures in those cases) behind each person's domains."""
    found: list[Evidence] = []
    ids = sorted({int(i) for i in person_ids})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        roles = (
            select(CaseRole.id, CaseRole.person_id, Case.id, Case.case_type, CaseRole.role)
            .join(Case, Case.id == CaseRole.case_id)
            .where(scope.admits(CaseRole), scope.admits(Case), CaseRole.person_id.in_(chunk))
            .where(CaseRole.role.not_in(NON_PERPETRATOR_ROLES))
        )
        with engine.connect() as connection:
            role_rows = connection.execute(roles).all()
            cases = sorted({r[2] for r in role_rows})
            seized = _seizures(connection, scope, cases)
        for role_id, person, case_id, case_type, role in role_rows:
            domain = DOMAIN_OF_TYPE.get(case_type)
            if domain:
                found.append(
                    Evidence(
                        person,
                        f"case_role:{role_id}",
                        case_id,
                        domain,
                        f"{role} in a {case_type} case",
                    )
                )
            for record, domain, detail in seized.get(case_id, ()):
                found.append(Evidence(person, record, case_id, domain, detail))
    return found


def _seizures(
    connection: object, scope: Scope, cases: list[int]
) -> dict[int, list[tuple[str, str, str]]]:
    out: dict[int, list[tuple[str, str, str]]] = {}
    for start in range(0, len(cases), CHUNK):
        chunk = cases[start : start + CHUNK]
        drugs = (
            select(Seizure.id, Seizure.case_id, func.sum(SeizedDrug.quantity_kg))
            .join(SeizedDrug, SeizedDrug.seizure_id == Seizure.id)
            .where(scope.admits(Seizure), Seizure.case_id.in_(chunk))
            .group_by(Seizure.id, Seizure.case_id)
        )
        arms = (
            select(Seizure.id, Seizure.case_id, func.count(Weapon.id))
            .join(Weapon, Weapon.seizure_id == Seizure.id)
            .where(scope.admits(Seizure), scope.admits(Weapon), Seizure.case_id.in_(chunk))
            .group_by(Seizure.id, Seizure.case_id)
        )
        for seizure_id, case_id, kg in connection.execute(drugs):  # type: ignore[attr-defined]
            out.setdefault(case_id, []).append(
                (f"seizure:{seizure_id}", "drugs", f"{float(kg):.3f} kg of drugs seized")
            )
        for seizure_id, case_id, n in connection.execute(arms):  # type: ignore[attr-defined]
            out.setdefault(case_id, []).append(
                (f"seizure:{seizure_id}", "arms", f"{n} weapon(s) seized")
            )
    return out
