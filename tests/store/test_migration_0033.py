"""Revision 0033 makes PostgreSQL's federation triggers silent-able by the bulk path (a
WHEN on the transaction-local setting) and back; SQLite's triggers stay as they were."""

from __future__ import annotations

from sqlalchemy import Engine, text

from amanat.store.migrate import current_revision, downgrade, head_revision, upgrade

PG_TRIGGERS = (
    "SELECT tgname, tgqual IS NOT NULL FROM pg_trigger "
    "WHERE tgname LIKE 'federation%' AND NOT tgisinternal ORDER BY tgname"
)
SQLITE_TRIGGERS = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'federation%' "
    "ORDER BY name"
)


def _triggers(engine: Engine) -> list[tuple[str, object]]:
    query = PG_TRIGGERS if engine.dialect.name == "postgresql" else SQLITE_TRIGGERS
    with engine.connect() as connection:
        return [(str(name), shape) for name, shape in connection.execute(text(query))]


def test_0033_adds_and_removes_the_bulk_condition(engine: Engine) -> None:
    upgraded = _triggers(engine)
    assert len(upgraded) == 14 * (3 if engine.dialect.name == "postgresql" else 2)
    downgrade(engine, "0032")
    before = _triggers(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert _triggers(engine) == upgraded
    assert [name for name, _ in before] == [name for name, _ in upgraded]
    if engine.dialect.name == "postgresql":
        assert {shape for _, shape in upgraded} == {True}
        assert {shape for _, shape in before} == {False}
    else:
        assert before == upgraded
