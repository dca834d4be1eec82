"""Roles and their permissions."""

from __future__ import annotations

import pytest

from amanat.access.roles import (
    Permission,
    PermissionDenied,
    Role,
    can,
    require,
)


def test_no_all_seeing_administrator() -> None:
    assert not can(Role.administrator, Permission.read)
    assert not can(Role.auditor, Permission.read)
    assert can(Role.administrator, Permission.administer)
    assert not any(can(role, Permission.administer) for role in Role if role != Role.administrator)


def test_a_denied_action_names_the_missing_permission() -> None:
    with pytest.raises(PermissionDenied, match="role 'statistics_officer' lacks 'create'"):
        require(Role.statistics_officer, Permission.create, "a case")
