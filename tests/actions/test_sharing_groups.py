"""``share.groups``: the sharing groups of one's own organisation, and no other's."""

from __future__ import annotations

from tests.actions.conftest import World
from tests.service.web.conftest import GROUP

from amanat.access import groups
from amanat.actions import sharing


def test_ones_own_organisations_groups_only(world: World) -> None:
    with world.acting("admin") as ctx:
        groups.add_group(ctx.session, "Border desk", "UZ-MVD")
    with world.acting("police") as ctx:
        assert [g.name for g in sharing.groups(ctx)] == [GROUP]
    with world.acting("uz-police") as ctx:
        assert [g.name for g in sharing.groups(ctx)] == ["Border desk"]
