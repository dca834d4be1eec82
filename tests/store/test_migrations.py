"""The migrations build exactly the schema the models describe, on both back ends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from amanat.store.migrate import current_revision, downgrade, head_revision, upgrade
from amanat.store.schema import metadata


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata())
    assert differences == []
    assert current_revision(engine) == head_revision()


def test_downgrade_to_nothing_and_back(sqlite_engine: Engine) -> None:
    downgrade(sqlite_engine, "base")
    assert set(inspect(sqlite_engine).get_table_names()) <= {"alembic_version"}
    upgrade(sqlite_engine)
    assert set(metadata().tables) <= set(inspect(sqlite_engine).get_table_names())
