"""Alembic migrations, run from code so no alembic.ini is needed by users."""

from __future__ import annotations

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", "amanat.store:migrations")
    if engine is not None:
        # env.py reuses this engine instead of building its own from a URL.
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_up_to_date(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


@cache
def _head() -> str | None:
    # Read from the migration scripts once: they do not change while a process runs.
    return head_revision()


def is_current(connection: Connection) -> bool:
    """Whether the database of ``connection`` is at the newest migration."""
    return MigrationContext.configure(connection).get_current_revision() == _head()
