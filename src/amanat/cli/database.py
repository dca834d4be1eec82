"""`amanat init` and `amanat stats`."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, func, select

from amanat.cli.options import DatabaseOption, fail, open_register, resolved, shown
from amanat.register import RECORD_KINDS
from amanat.store.engine import make_engine
from amanat.store.migrate import current_revision, upgrade
from amanat.store.settings import Settings


def init(database: DatabaseOption = None) -> None:
    """Create the register (or bring it up to date) in the database."""
    settings = resolved(Settings, database)
    url = settings.database_url
    engine = make_engine(url, echo=settings.echo_sql)
    try:
        upgrade(engine)
    except Exception as exc:
        fail(f"cannot initialise {shown(url)}: {exc}")
    typer.echo(f"Register ready at {shown(url)} (schema revision {current_revision(engine)})")


def count_records(engine: Engine) -> dict[str, int]:
    """Rows per kind of record, deleted ones excluded."""
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        for kind, model in RECORD_KINDS.items():
            query = select(func.count()).select_from(model)
            deleted_at = getattr(model, "deleted_at", None)
            if deleted_at is not None:
                query = query.where(deleted_at.is_(None))
            counts[kind] = int(connection.scalar(query) or 0)
    return counts


def stats(database: DatabaseOption = None) -> None:
    """Count the records in the register, per kind of record."""
    engine = open_register(database)
    table = Table("kind of record", "records", title=f"Register at {shown(str(engine.url))}")
    for kind, count in count_records(engine).items():
        table.add_row(kind, f"{count:,}")
    Console().print(table)
