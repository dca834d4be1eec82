"""`amanat demo-data` and `amanat demo`: a synthetic demo region to explore."""

from __future__ import annotations

import base64
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import SecretStr
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlalchemy import Engine, func, select

from amanat.actions.records import counting
from amanat.cli.door import as_operator
from amanat.cli.language import _, refused
from amanat.cli.options import DatabaseOption, fail, resolved, shown
from amanat.cli.serve import run
from amanat.demo.region.sealing import demo_master_key
from amanat.demo.users import DEMO_PASSWORD, create_demo_users, demo_logins
from amanat.register import PipelineEvent
from amanat.service.settings import ServiceSettings
from amanat.store.engine import make_engine, session_factory, sqlite_path, transaction
from amanat.store.migrate import upgrade
from amanat.store.settings import Settings

DEMO_DATABASE = "sqlite:///var/demo.sqlite"
DEMO_SEED = 1
DEMO_OVERSIGHT = ("RC-ALMATY", "RC-TASHKENT")


class Size(StrEnum):
    small = "small"
    medium = "medium"
    large = "large"


def default_ground_truth(url: str, seed: int) -> Path:
    """Beside a SQLite file; in the current folder for a server database."""
    path = sqlite_path(url)
    if path is not None:
        return path.with_name(path.stem + ".ground-truth.csv")
    return Path(f"amanat-ground-truth-{seed}.csv")


def build(engine: Engine, size: str, seed: int, ground_truth: Path) -> dict[str, int]:
    from amanat.demo.region import build_region
    from amanat.store.bulk import settle

    upgrade(engine)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), transient=True) as progress:
        tasks: dict[str, TaskID] = {}

        def report(table: str, rows: int) -> None:
            if table not in tasks:
                tasks[table] = progress.add_task(table, total=None)
            progress.update(tasks[table], advance=rows)

        try:
            counts = build_region(engine, size, seed, ground_truth, progress=report)
        except ValueError as exc:
            fail(refused(exc))
    with transaction(engine) as session:
        create_demo_users(session)
    settle(engine)
    return counts


def demo_data(
    size: Annotated[Size, typer.Option(help="small ≈ 5k people, medium ≈ 100k, large ≥ 1M.")] = (
        Size.small
    ),
    seed: Annotated[int, typer.Option(help="Same seed, same region.")] = DEMO_SEED,
    database: DatabaseOption = None,
    ground_truth: Annotated[
        Path | None,
        typer.Option(help="Where to write which records are the same person (CSV)."),
    ] = None,
) -> None:
    """Generate a synthetic demo region into an empty register."""
    settings = resolved(Settings, database)
    url = settings.database_url
    truth = ground_truth or default_ground_truth(url, seed)
    engine = make_engine(url, echo=settings.echo_sql)
    counts = build(engine, size.value, seed, truth)
    engine.dispose()
    typer.echo(
        _(
            "Demo region (%(value)s, seed %(seed)s) written to %(url)s:",
            value=size.value,
            seed=seed,
            url=shown(url),
        )
    )
    typer.echo(
        _(
            "  %(rows)s rows; ground truth in %(truth)s",
            rows=format(sum(counts.values()), ","),
            truth=truth,
        )
    )


def pipeline_overview(engine: Engine) -> Table:
    table = Table(_("pipeline stage"), _("events"), title=_("Justice pipeline (all cases)"))
    query = select(PipelineEvent.stage, func.count()).group_by(PipelineEvent.stage)
    with engine.connect() as connection:
        counts = {row[0]: row[1] for row in connection.execute(query)}
    from amanat.vocab import vocabulary

    for term in vocabulary("pipeline_stage"):
        table.add_row(term.label("en"), f"{counts.get(term.code, 0):,}")
    return table


def demo(
    database: DatabaseOption = None,
    serve: Annotated[bool, typer.Option(help="Serve the web app and API after building.")] = True,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Build the small demo region if absent, show what it holds and the demo logins,
    and serve it."""
    settings = demo_settings(database)
    url = settings.database_url
    path = sqlite_path(url)
    fresh = path is not None and not path.exists()
    engine = make_engine(url, echo=settings.echo_sql)
    if fresh:
        typer.echo(_("Building the small demo region in %(path)s ...", path=path))
        build(engine, Size.small.value, DEMO_SEED, default_ground_truth(url, DEMO_SEED))
        typer.echo(_("Linking records of the same people, phones and vehicles ..."))
        link_demo(engine)
    console = Console()
    counts = Table(
        _("kind of record"), _("records"), title=_("Demo register at %(url)s", url=shown(url))
    )
    with as_operator(engine) as ctx:
        found = counting.count_records(ctx)
    for kind, count in found.items():
        counts.add_row(kind, f"{count:,}")
    console.print(counts)
    console.print(pipeline_overview(engine))
    console.print(logins_table(engine))
    engine.dispose()  # the server opens its own, from the same settings
    if serve:
        console.print(
            _("Serving at http://%(host)s:%(port)s/ — press Ctrl+C to stop", host=host, port=port)
        )
        run(settings, host, port)


def demo_settings(database: str | None) -> ServiceSettings:
    """The demo's settings: its own database (``var/demo.sqlite`` unless ``--database``),
    and, unless the environment says otherwise, the demo's public master key, cookies
    over plain HTTP (it serves on localhost without TLS), warnings only in its log, and
    the regional centres as oversight bodies for emergency reads."""
    settings = resolved(ServiceSettings, database or DEMO_DATABASE)
    given = settings.model_fields_set
    demo: dict[str, object] = {}
    if not {"master_key", "master_key_file"} & given:
        # The demo's victims are sealed with the seed's public demo key (see
        # amanat.demo.region.sealing); a real deployment configures its own.
        secret = base64.b64encode(demo_master_key(DEMO_SEED).secret).decode()
        demo["master_key"] = SecretStr(secret)
    if "secure_cookies" not in given:
        demo["secure_cookies"] = False
    if "log_level" not in given:
        # Someone trying the demo in a terminal reads the logins, not a line per page.
        demo["log_level"] = "WARNING"
    if "oversight_orgs" not in given:
        # The regional centres' auditors oversee emergency reads across the region.
        demo["oversight_orgs"] = list(DEMO_OVERSIGHT)
    return settings.model_copy(update=demo)


def link_demo(engine: Engine) -> None:
    """Resolution over the new demo, so the review queue, "also recorded as" and the
    networks' merged nodes have something to show (the regional centre's job)."""
    from amanat.actions.resolution import running

    with as_operator(engine) as ctx:
        report = running.run(ctx, running.Asked()).report
    typer.echo(
        _(
            "  %(auto_merged)s pairs merged, %(queued)s queued for review "
            "(model %(model_version)s)",
            auto_merged=format(report.auto_merged, ","),
            queued=format(report.queued, ","),
            model_version=report.model_version,
        )
    )


def logins_table(engine: Engine) -> Table:
    table = Table(
        _("username"),
        _("organisation"),
        _("role"),
        title=_("Demo logins (password: %(demo_password)s)", demo_password=DEMO_PASSWORD),
    )
    with session_factory(engine)() as session:
        logins = demo_logins(session)
    for login in logins:
        table.add_row(login.username, login.organisation, login.role)
    return table
