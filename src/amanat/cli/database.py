"""`amanat init` and `amanat stats`."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from amanat.actions.door import binds
from amanat.actions.records import counting
from amanat.cli.door import as_operator
from amanat.cli.language import _
from amanat.cli.options import DatabaseOption, fail, open_register, resolved, shown
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
        fail(_("cannot initialise %(url)s: %(exc)s", url=shown(url), exc=exc))
    typer.echo(
        _(
            "Register ready at %(url)s (schema revision %(revision)s)",
            url=shown(url),
            revision=current_revision(engine),
        )
    )


@binds(counting.count_records)
def stats(database: DatabaseOption = None) -> None:
    """Count the records in the register, per kind of record."""
    engine = open_register(database)
    table = Table(
        _("kind of record"),
        _("records"),
        title=_("Register at %(url)s", url=shown(str(engine.url))),
    )
    with as_operator(engine) as ctx:
        counts = counting.count_records(ctx)
    for kind, count in counts.items():
        table.add_row(kind, f"{count:,}")
    Console().print(table)
