"""What exports read: ``raw_stream`` gives every row of a query, the first one too
(issue 14: it lost the row SQLAlchemy had already buffered, so the FtM export missed
the first organisation, person, group, vehicle and case), on both back ends and
across batches."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, insert, select

from amanat.exchange import scope
from amanat.exchange.scope import raw_stream
from amanat.register import Organisation
from amanat.store.engine import transaction


@pytest.mark.parametrize("rows", [1, 3, 7])
def test_raw_stream_gives_every_row_from_the_first(
    engine: Engine, rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scope, "STREAM_ROWS", 3)  # several batches, one cut at the end
    with transaction(engine) as session:
        session.execute(
            insert(Organisation),
            [
                {"code": f"KZ-TEST-{n}", "name": f"Test {n}", "kind": "ngo", "country": "KZ"}
                for n in range(rows)
            ],
        )
    query = select(Organisation.id, Organisation.code).order_by(Organisation.id)
    with transaction(engine) as session:
        expected = [tuple(row) for row in session.execute(query)]
        streamed = list(raw_stream(session, query))
    assert len(expected) == rows
    assert streamed == expected
    assert all(type(row) is tuple for row in streamed)
