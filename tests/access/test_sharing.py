"""Originator control: the owner marks; others ask, and the owner decides."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from amanat.access import groups, sharing
from amanat.access.accounts import add_organisation
from amanat.access.models import User
from amanat.access.roles import PermissionDenied, Role
from amanat.access.visibility import Viewer, visible
from amanat.register import Case, InvalidValue
from amanat.store.engine import session_factory, transaction


@pytest.fixture
def setup(engine: Engine) -> dict[str, int]:
    with transaction(engine) as session:
        ids = {
            code: add_organisation(session, code, code, kind).id
            for code, kind in (
                ("KZ-POL", "police"),
                ("RC", "regional_centre"),
                ("TR-POL", "police"),
            )
        }
        for number, (code, role) in enumerate(
            (
                ("KZ-POL", "investigator"),
                ("RC", "analyst"),
                ("TR-POL", "investigator"),
                ("KZ-POL", "statistics_officer"),
            ),
            start=1,
        ):
            session.add(
                User(
                    id=number,
                    org_id=ids[code],
                    username=f"u{number}",
                    display_name=f"User {number}",
                    role=role,
                )
            )
        groups.add_group(session, "Task force", "KZ-POL")
        groups.add_member(session, "Task force", "RC")
        case = Case(org_id=ids["KZ-POL"], case_type="tip", jurisdiction="KZ", tlp="AMBER")
        session.add(case)
        session.flush()
        ids["case"] = case.id
    return ids


def _sees(engine: Engine, viewer: Viewer, case_id: int) -> bool:
    with session_factory(engine)() as session:
        query = select(Case.id).where(Case.id == case_id, visible(Case, viewer))
        return session.scalar(query) is not None


def test_the_owner_widens_within_the_marking(engine: Engine, setup: dict[str, int]) -> None:
    owner = Viewer(1, setup["KZ-POL"], Role.investigator)
    centre = Viewer(2, setup["RC"], Role.analyst)
    assert not _sees(engine, centre, setup["case"])
    with transaction(engine) as session:
        sharing.set_distribution(session, owner, "case", setup["case"], "group", "Task force")
    assert _sees(engine, centre, setup["case"])
    with pytest.raises(InvalidValue, match="wider than TLP:AMBER"), transaction(engine) as s:
        sharing.set_distribution(s, owner, "case", setup["case"], "community")


def test_only_a_group_of_ones_own_is_a_marking(engine: Engine, setup: dict[str, int]) -> None:
    """A group the owner is not in is answered as one that does not exist."""
    owner = Viewer(1, setup["KZ-POL"], Role.investigator)
    with transaction(engine) as session:
        groups.add_group(session, "Border pact", "TR-POL")
    with pytest.raises(InvalidValue, match="not a sharing group of yours"):
        with transaction(engine) as session:
            sharing.set_distribution(session, owner, "case", setup["case"], "group", "Border pact")
    with session_factory(engine)() as session:
        case = session.get(Case, setup["case"])
        assert case is not None and case.sharing_group_id is None


def test_a_recipient_asks_and_the_originator_decides(engine: Engine, setup: dict[str, int]) -> None:
    owner = Viewer(1, setup["KZ-POL"], Role.investigator)
    centre = Viewer(2, setup["RC"], Role.analyst)
    turkey = Viewer(3, setup["TR-POL"], Role.investigator)
    with transaction(engine) as session:
        sharing.set_distribution(session, owner, "case", setup["case"], "group", "Task force")
    with transaction(engine) as session:
        with pytest.raises(PermissionError, match="only the originator"):
            sharing.set_distribution(session, centre, "case", setup["case"], "named")
    with transaction(engine) as session:
        request = sharing.request_share(
            session, centre, "case", setup["case"], "TR-POL", "victims exploited in Antalya"
        )
        request_id = request.id
    assert not _sees(engine, turkey, setup["case"])
    with session_factory(engine)() as session:
        # Both sides see the request.
        assert [r.id for r in sharing.requests_for(session, owner)] == [request_id]
        assert [r.id for r in sharing.requests_for(session, centre)] == [request_id]
        assert sharing.requests_for(session, turkey) == []
    with transaction(engine) as session, pytest.raises(sharing.NotFound):
        sharing.decide(session, centre, request_id, approve=True)  # not the originator
    with transaction(engine) as session:
        decided = sharing.decide(session, owner, request_id, approve=True, note="agreed")
        assert decided.status == "approved"
    assert _sees(engine, turkey, setup["case"])
    with transaction(engine) as session, pytest.raises(InvalidValue, match="already decided"):
        sharing.decide(session, owner, request_id, approve=False)


def test_a_rejected_request_changes_nothing(engine: Engine, setup: dict[str, int]) -> None:
    owner = Viewer(1, setup["KZ-POL"], Role.investigator)
    with transaction(engine) as session:
        request = sharing.request_share(
            session, owner, "case", setup["case"], "TR-POL", "joint operation"
        )
        sharing.decide(session, owner, request.id, approve=False)
    assert not _sees(engine, Viewer(3, setup["TR-POL"], Role.analyst), setup["case"])


def test_asking_about_an_unseen_record_looks_like_asking_about_none(
    engine: Engine, setup: dict[str, int]
) -> None:
    turkey = Viewer(3, setup["TR-POL"], Role.investigator)
    messages = []
    for record_id in (setup["case"], 987654):
        with transaction(engine) as session, pytest.raises(sharing.NotFound) as caught:
            sharing.request_share(session, turkey, "case", record_id, "RC", "please")
        messages.append(str(caught.value).replace(str(record_id), "N"))
    assert messages[0] == messages[1]


def test_roles_without_share_are_told_which_permission_is_missing(
    engine: Engine, setup: dict[str, int]
) -> None:
    stats = Viewer(4, setup["KZ-POL"], Role.statistics_officer)
    with transaction(engine) as session, pytest.raises(PermissionDenied, match="lacks 'share'"):
        sharing.request_share(session, stats, "case", setup["case"], "RC", "publish")
