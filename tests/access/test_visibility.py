"""The visibility rule, exhaustively: every role × TLP marking × distribution ×
relationship of the reader's organisation to the owner, on SQLite and PostgreSQL.

The expected answer comes from a plain-Python oracle written from the rule's
description, not from the SQL under test.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, select

from amanat.access import groups
from amanat.access.accounts import add_organisation
from amanat.access.models import RecordShare
from amanat.access.roles import Role
from amanat.access.visibility import DISTRIBUTIONS, Viewer, distribution_allowed, visible
from amanat.register import Case, InvalidValue, Victim
from amanat.store.engine import session_factory, transaction
from amanat.vocab import vocabulary

RELATIONS = ("same", "group_member", "named", "other")
READERS = {
    Role.analyst,
    Role.investigator,
    Role.prosecutor,
    Role.case_worker,
    Role.statistics_officer,
}


@dataclass(frozen=True)
class World:
    org_ids: dict[str, int]
    # case id -> (tlp, distribution, deleted)
    cases: dict[int, tuple[str, str, bool]]


def oracle(role: Role, relation: str, distribution: str, deleted: bool) -> bool:
    if role not in READERS or deleted:
        return False
    return (
        relation == "same"
        or distribution == "community"
        or (distribution == "group" and relation == "group_member")
        or (distribution == "named" and relation == "named")
    )


@pytest.fixture
def world(engine: Engine) -> World:
    with transaction(engine) as session:
        orgs = {
            "same": add_organisation(session, "KZ-POL", "Kazakh police", "police", "KZ"),
            "group_member": add_organisation(session, "RU-MVD", "Russian MVD", "interior_ministry"),
            "named": add_organisation(session, "UZ-PRO", "Uzbek prosecutor", "prosecutor"),
            "other": add_organisation(session, "TJ-DCA", "Tajik DCA", "drug_control"),
        }
        group = groups.add_group(session, "Task force", "KZ-POL")
        groups.add_member(session, "Task force", "RU-MVD")
        cases: dict[int, tuple[str, str, bool]] = {}
        markings = itertools.product(vocabulary("tlp").codes(), DISTRIBUTIONS, (False, True))
        for tlp, distribution, deleted in markings:
            if not distribution_allowed(tlp, distribution):
                continue
            case = Case(
                org_id=orgs["same"].id,
                case_type="tip",
                jurisdiction="KZ",
                tlp=tlp,
                distribution=distribution,
                sharing_group_id=group.id if distribution == "group" else None,
                deleted_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC) if deleted else None,
            )
            session.add(case)
            session.flush()
            if distribution == "named":
                session.add(
                    RecordShare(record_kind="case", record_id=case.id, org_id=orgs["named"].id)
                )
            cases[case.id] = (tlp, distribution, deleted)
    return World({k: v.id for k, v in orgs.items()}, cases)


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_every_role_marking_distribution_and_relation(
    engine: Engine, world: World, role: Role, relation: str
) -> None:
    viewer = Viewer(user_id=1, org_id=world.org_ids[relation], role=role)
    with session_factory(engine)() as session:
        seen = set(session.scalars(select(Case.id).where(visible(Case, viewer))))
    expected = {
        case_id
        for case_id, (_tlp, distribution, deleted) in world.cases.items()
        if oracle(role, relation, distribution, deleted)
    }
    assert seen == expected
    assert len(world.cases) == 2 * sum(
        distribution_allowed(t, d) for t in vocabulary("tlp").codes() for d in DISTRIBUTIONS
    )


def test_removing_a_member_takes_effect_at_once(engine: Engine, world: World) -> None:
    viewer = Viewer(user_id=1, org_id=world.org_ids["group_member"], role=Role.analyst)
    query = select(Case.id).where(visible(Case, viewer), Case.distribution == "group")
    with session_factory(engine)() as session:
        assert session.scalars(query).all()
    with transaction(engine) as session:
        assert groups.remove_member(session, "Task force", "RU-MVD")
    with session_factory(engine)() as session:
        assert session.scalars(query).all() == []


def test_a_visible_case_does_not_reveal_its_victim(engine: Engine, world: World) -> None:
    community_case = next(i for i, m in world.cases.items() if m == ("GREEN", "community", False))
    with transaction(engine) as session:
        session.add(Victim(org_id=world.org_ids["same"], case_id=community_case, sex="female"))
    other = Viewer(user_id=1, org_id=world.org_ids["other"], role=Role.analyst)
    with session_factory(engine)() as session:
        assert session.scalar(
            select(Case.id).where(Case.id == community_case, visible(Case, other))
        )
        assert session.scalars(select(Victim.id).where(visible(Victim, other))).all() == []


@pytest.mark.parametrize(("tlp", "distribution"), [("RED", "group"), ("AMBER", "community")])
def test_a_distribution_wider_than_the_tlp_is_refused(
    engine: Engine, world: World, tlp: str, distribution: str
) -> None:
    with pytest.raises(InvalidValue, match=f"wider than TLP:{tlp}"), transaction(engine) as s:
        s.add(
            Case(
                org_id=world.org_ids["same"],
                case_type="arms",
                jurisdiction="KG",
                tlp=tlp,
                distribution=distribution,
            )
        )
