"""PostgreSQL: ``pg_dump`` from an exported snapshot, ``pg_restore`` in one transaction.

The backup exports a REPEATABLE READ snapshot and dumps it (``pg_dump --snapshot``),
then reads the manifest's figures in that same snapshot: the dump and the manifest
describe one moment.  The restore runs ``pg_restore --single-transaction``, so a dump
that fails to load leaves nothing; one that loads but fails verification is dropped
again — every object in it, which the empty target did not hold before.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from amanat.store.backup.contents import Contents, read_contents
from amanat.store.backup.manifest import BackupRefused
from amanat.store.postgres import PostgresUnavailable, find_binary

_SYSTEM_SCHEMA = (
    "n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
)


def _not_from_extension(catalog: str, oid: str) -> str:
    return (
        "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = "
        f"'{catalog}'::regclass AND d.objid = {oid} AND d.deptype = 'e')"
    )


# Every object a restore can create in a schema that was there before, as the DROP
# statement that removes it: what "empty" means, and what a failed restore drops.
_OBJECTS = text(
    f"""
    SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
             WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
           format('%I.%I', n.nspname, c.relname)
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND {_SYSTEM_SCHEMA}
       AND {_not_from_extension("pg_class", "c.oid")}
    UNION ALL
    SELECT 'ROUTINE', format('%I.%I(%s)', n.nspname, p.proname,
                             pg_get_function_identity_arguments(p.oid))
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE {_SYSTEM_SCHEMA} AND {_not_from_extension("pg_proc", "p.oid")}
    UNION ALL
    SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
           format('%I.%I', n.nspname, t.typname)
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype IN ('e', 'd') AND {_SYSTEM_SCHEMA}
       AND {_not_from_extension("pg_type", "t.oid")}
    """
)
_SCHEMAS = text(f"SELECT format('%I', n.nspname) FROM pg_namespace n WHERE {_SYSTEM_SCHEMA}")
_EXTENSIONS = text("SELECT format('%I', extname) FROM pg_extension")


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The connection string for the client tools, and their environment: the
    password goes in the environment, never on a command line others can list."""
    plain = url.set(drivername="postgresql", password=None)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return plain.render_as_string(hide_password=False), env


def _run(tool: str, arguments: list[str], env: Mapping[str, str]) -> None:
    try:
        binary = find_binary(tool)
    except PostgresUnavailable as exc:
        raise BackupRefused(str(exc)) from None
    done = subprocess.run(
        [binary, *arguments], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupRefused(f"{tool} failed: {done.stderr.strip()[-2000:]}")


def dump(engine: Engine, path: Path) -> Contents:
    """Dump the database to ``path``; what it holds, read in the dump's snapshot."""
    conninfo, env = _libpq(engine.url)
    with engine.connect() as connection:
        snapshot_of = connection.execution_options(isolation_level="REPEATABLE READ")
        with snapshot_of.begin():
            snapshot = snapshot_of.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            arguments = ["--format=custom", f"--snapshot={snapshot}", f"--file={path}"]
            _run("pg_dump", [*arguments, f"--dbname={conninfo}"], env)
            return read_contents(snapshot_of)


def _held(connection: Connection) -> list[tuple[str, str]]:
    return [(str(kind), str(name)) for kind, name in connection.execute(_OBJECTS)]


def refuse_unless_empty(engine: Engine) -> None:
    where = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as connection:
            held = _held(connection)
    except OperationalError as exc:
        raise BackupRefused(f"cannot open the database {where}: {exc.orig}") from None
    if held:
        shown = ", ".join(name for _, name in held[:3])
        raise BackupRefused(
            f"the database {where} is not empty (it holds {shown}"
            f"{'…' if len(held) > 3 else ''}): a backup is restored only into an empty database"
        )


@contextmanager
def restoring(data: Path, engine: Engine) -> Iterator[None]:
    """Load the dump into the empty database ``engine`` names, for the caller to
    verify; if the block fails, drop everything the load created."""
    conninfo, env = _libpq(engine.url)
    with engine.connect() as connection:
        schemas = set(connection.execute(_SCHEMAS).scalars())
        extensions = set(connection.execute(_EXTENSIONS).scalars())
    options = ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges"]
    _run("pg_restore", [*options, f"--dbname={conninfo}", str(data)], env)
    try:
        yield
    except BaseException:
        engine.dispose()  # no pooled connection may hold a lock the drop waits for
        _drop_restored(engine, schemas, extensions)
        raise


def _drop_restored(engine: Engine, schemas: set[str], extensions: set[str]) -> None:
    with engine.begin() as connection:
        for name in sorted(set(connection.execute(_EXTENSIONS).scalars()) - extensions):
            connection.execute(text(f"DROP EXTENSION IF EXISTS {name} CASCADE"))
        for name in sorted(set(connection.execute(_SCHEMAS).scalars()) - schemas):
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        for kind, name in _held(connection):
            connection.execute(text(f"DROP {kind} IF EXISTS {name} CASCADE"))
