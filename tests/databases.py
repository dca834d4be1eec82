"""Databases of their own for tests that run `amanat` as a user does, on a server the
session's PostgreSQL (``postgres_url``) already runs: a register the test process does
not share with the other tests' engines."""

from __future__ import annotations

from sqlalchemy import create_engine, make_url, text


def postgres_database(server: str, name: str, *, create: bool = True) -> str:
    """The URL of database ``name`` on ``server``, dropped first if it was there and then
    created empty (``create=False``: left for the caller to create)."""
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if create:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)
