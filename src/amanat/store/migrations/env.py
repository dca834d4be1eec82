"""Alembic environment: migrate the engine handed over by ``amanat.store.migrate``."""

from __future__ import annotations

from alembic import context

from amanat.store.engine import is_sqlite, make_engine
from amanat.store.schema import metadata
from amanat.store.settings import get_settings

config = context.config
# `alembic` run by hand (a developer's autogenerate) names the database by AMANAT_ variables.
engine = config.attributes.get("engine") or make_engine(get_settings().database_url)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata(),
        # SQLite cannot ALTER most things in place; batch mode rebuilds tables.
        render_as_batch=is_sqlite(str(engine.url)),
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
