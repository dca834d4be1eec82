"""Emergency reads: decided by the record's organisation (never the asker's) or an
oversight body's auditor; time-limited."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from amanat.access.accounts import add_organisation
from amanat.access.break_glass import approve_break_glass, request_break_glass
from amanat.access.models import User
from amanat.access.roles import Role
from amanat.access.sharing import NotFound
from amanat.access.visibility import Viewer, visible
from amanat.register import InvalidValue, Victim
from amanat.store.engine import session_factory, transaction

REASON = "child at risk tonight: need the shelter referral record now"


@pytest.fixture
def people(engine: Engine) -> dict[str, Viewer | int]:
    with transaction(engine) as session:
        ngo = add_organisation(session, "KG-NGO", "Shelter", "ngo", "KG")
        centre = add_organisation(session, "RC", "Regional centre", "regional_centre")
        users = {
            "admin": User(
                id=1, org_id=ngo.id, username="admin", display_name="A", role="administrator"
            ),
            "colleague": User(
                id=2, org_id=ngo.id, username="col", display_name="C", role="auditor"
            ),
            "auditor": User(
                id=3, org_id=centre.id, username="aud", display_name="B", role="auditor"
            ),
        }
        session.add_all(users.values())
        victim = Victim(org_id=ngo.id, sex="female", age_at_exploitation=15)
        session.add(victim)
        session.flush()
        result: dict[str, Viewer | int] = {
            name: Viewer(u.id, u.org_id, Role(u.role)) for name, u in users.items()
        }
        result["victim"] = victim.id
        result["centre"] = centre.id
    return result


def _admin_sees(engine: Engine, viewer: Viewer, victim_id: int, now: dt.datetime) -> bool:
    query = select(Victim.id).where(Victim.id == victim_id, visible(Victim, viewer, now))
    with session_factory(engine)() as session:
        return session.scalar(query) is not None


def test_an_emergency_read_is_decided_outside_the_askers_organisation(
    engine: Engine, people: dict
) -> None:
    admin, colleague, auditor, victim_id = (
        people["admin"],
        people["colleague"],
        people["auditor"],
        people["victim"],
    )
    now = dt.datetime.now(dt.UTC)
    assert not _admin_sees(engine, admin, victim_id, now)
    with transaction(engine) as session:
        grant_id = request_break_glass(session, admin, "victim", victim_id, REASON).id
    assert not _admin_sees(engine, admin, victim_id, now)  # not before approval
    # The asker's organisation owns the record, so none of it decides; nor does an
    # auditor elsewhere, unless of a body the deployment names for oversight.
    for decider in (colleague, auditor):
        with transaction(engine) as session, pytest.raises(NotFound):
            approve_break_glass(session, decider, grant_id)
    with transaction(engine) as session:
        grant = approve_break_glass(
            session,
            auditor,
            grant_id,
            dt.timedelta(hours=2),
            now=now,
            oversight_org_ids=frozenset({people["centre"]}),
        )
        expires = grant.expires_at
    assert expires is not None
    assert _admin_sees(engine, admin, victim_id, now + dt.timedelta(hours=1))
    assert not _admin_sees(engine, admin, victim_id, now + dt.timedelta(hours=2, seconds=1))


def test_requests_need_a_reason_and_a_record(engine: Engine, people: dict) -> None:
    with transaction(engine) as session, pytest.raises(InvalidValue, match="reason"):
        request_break_glass(session, people["admin"], "victim", people["victim"], "urgent")
    # A missing record is asked for like any other (the answer must not tell them
    # apart); it has no organisation to decide it.
    with transaction(engine) as session:
        grant = request_break_glass(session, people["admin"], "victim", 424242, REASON)
        assert grant.owner_org_id is None


def test_a_read_under_the_grant_stands_out(engine: Engine, people: dict) -> None:
    from amanat.access.alerts import evaluate
    from amanat.access.audit_store import stream_entries
    from amanat.access.reads import read_record

    admin, auditor, victim_id = people["admin"], people["auditor"], people["victim"]
    with transaction(engine) as session, pytest.raises(NotFound):
        read_record(session, admin, "victim", victim_id)
    with transaction(engine) as session:
        grant_id = request_break_glass(session, admin, "victim", victim_id, REASON).id
        approve_break_glass(
            session, auditor, grant_id, oversight_org_ids=frozenset({people["centre"]})
        )
    with transaction(engine) as session:
        assert read_record(session, admin, "victim", victim_id, purpose="emergency").id == victim_id
    with session_factory(engine)() as session:
        entries = list(stream_entries(session))
    assert entries[-1].detail == {
        "owner_org_id": entries[-1].detail["owner_org_id"],
        "protected": True,
        "break_glass": True,
    }
    assert [a.rule_id for a in evaluate(entries)] == ["emergency_read"]
