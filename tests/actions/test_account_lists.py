"""The administrators' users and tokens lists: filtered, sorted and paged in SQL, of
one's own organisation only (every organisation's for the operator), and the start
page's role requests waiting and sharing groups run."""

from __future__ import annotations

import pytest
from tests.actions.conftest import World, operating

from amanat.access import accounts
from amanat.access.roles import PermissionDenied
from amanat.actions import account_lists, groups
from amanat.actions import accounts as account_actions
from amanat.actions.errors import FieldProblem


def test_users_filtered_sorted_and_paged(world: World) -> None:
    with world.acting("admin") as ctx:
        every = account_lists.find_users(ctx)
        names = [user.username for user, _ in every.rows]
        # One's own organisation only (KZ-POL), by user name.
        assert names == ["admin", "auditor", "police", "police-ru", "stats"]
        assert {code for _, code in every.rows} == {"KZ-POL"}
        assert [u.username for u, _ in account_lists.find_users(ctx, role="investigator").rows] == [
            "police",
            "police-ru",
        ]
        found = account_lists.find_users(ctx, text="OFFICER", sort="name")
        assert [u.display_name for u, _ in found.rows] == ["Audit Officer", "Statistics Officer"]
        assert account_lists.find_users(ctx, text="%").total == 0  # "%" is itself
        second = account_lists.find_users(ctx, page=2, per_page=2)
        assert [u.username for u, _ in second.rows] == ["police", "police-ru"]
        assert (second.total, second.pages) == (5, 3)
        with pytest.raises(FieldProblem, match="sort"):
            account_lists.find_users(ctx, sort="password_hash")
    with operating(world.engine) as ctx:
        assert account_lists.find_users(ctx, per_page=200).total == 11
    with world.acting("police") as ctx, pytest.raises(PermissionDenied, match="'administer'"):
        account_lists.find_users(ctx)


def test_tokens_filtered_of_ones_own_organisation(world: World) -> None:
    with world.acting("admin") as ctx:
        accounts.create_token(ctx.session, "police", "laptop")
        accounts.create_token(ctx.session, "stats", "report job")
        accounts.create_token(ctx.session, "ngo", "other organisation")
    with world.acting("admin") as ctx:
        found = account_lists.find_tokens(ctx, sort="username")
        assert [user.username for _, user in found.rows] == ["police", "stats"]
        assert [t.name for t, _ in account_lists.find_tokens(ctx, text="report").rows] == [
            "report job"
        ]
        state = account_lists.TokenState.revoked
        assert account_lists.find_tokens(ctx, state=state).total == 0
    with world.acting("auditor") as ctx, pytest.raises(PermissionDenied, match="'administer'"):
        account_lists.find_tokens(ctx)


def test_role_requests_waiting_and_groups_run(world: World) -> None:
    with world.acting("admin") as ctx:
        account_actions.change_user(ctx, "stats", role="analyst")
    with world.acting("admin") as ctx:
        waiting = account_lists.accounts_waiting(ctx)
        assert [(r.role, u.username) for r, u in waiting.approvals] == [("analyst", "stats")]
        [run] = groups.list_groups(ctx)  # KZ-POL owns the task force
        assert run.group.name == "Task force"
        assert [o.code for o in run.members] == ["KG-NGO", "KZ-POL", "KZ-PROS", "KZ-SHELTER"]
    with world.acting("shelter-admin") as ctx:
        assert account_lists.accounts_waiting(ctx).approvals == []
        assert groups.list_groups(ctx) == []  # another organisation's group
    for refused in (groups.list_groups, account_lists.accounts_waiting):
        with world.acting("police") as ctx, pytest.raises(PermissionDenied, match="'administer'"):
            refused(ctx)
