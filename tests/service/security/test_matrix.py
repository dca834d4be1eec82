"""The authorisation matrix (issue 13): every route the app serves × every role of
every organisation × every credential (web session, API token, read-only token,
nothing, and each door's credential presented to the other) × every relationship of
the record to the caller (own organisation, sharing group, shared by name, another
organisation's, missing), on SQLite and PostgreSQL.

Each answer is held against ``oracle``: never a 500; no credential of the door is
401 or the login page; only the markers of what the caller may see; nothing changed
where nothing may change; only declared actions run; a record one may not see is
answered like a missing one.  All of a route's findings are listed in one failure.
"""

from __future__ import annotations

import pytest
from tests.service.security.matrix import run
from tests.service.security.surface import served, table_app
from tests.service.security.targets import Shape, shapes
from tests.service.security.world import World


def _order(shape: Shape) -> tuple[bool, str]:
    # Reads first: they see the world as planted.
    return (shape.served.method != "GET", shape.name)


SHAPES = sorted(shapes(served(table_app())), key=_order)


@pytest.mark.parametrize("shape", SHAPES, ids=[shape.name for shape in SHAPES])
def test_route(world: World, shape: Shape) -> None:
    report = run(world, shape)
    if report.problems:
        pytest.fail("\n".join(report.problems), pytrace=False)
