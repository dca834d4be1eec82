"""The permission table in the docs is generated from the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from amanat.access.roles import (
    Permission,
    PermissionDenied,
    Role,
    can,
    permission_table_markdown,
    require,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def test_docs_permissions_match_the_code() -> None:
    assert DOC.read_text(encoding="utf-8") == permission_table_markdown(), (
        "docs/permissions.md is stale: run `amanat access permissions > docs/permissions.md`"
    )


def test_no_all_seeing_administrator() -> None:
    assert not can(Role.administrator, Permission.read)
    assert not can(Role.auditor, Permission.read)
    assert can(Role.administrator, Permission.administer)
    assert not any(can(role, Permission.administer) for role in Role if role != Role.administrator)


def test_a_denied_action_names_the_missing_permission() -> None:
    with pytest.raises(PermissionDenied, match="role 'statistics_officer' lacks 'create'"):
        require(Role.statistics_officer, Permission.create, "a case")
