"""`amanat demo-data` and `amanat demo`: a synthetic demo region to explore."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
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

from amanat.cli.database import count_records
from amanat.cli.options import DatabaseOption, database_url, fail, shown
from amanat.register import PipelineEvent
from amanat.store.engine import make_engine, sqlite_path
from amanat.store.migrate import upgrade

DEMO_DATABASE = "sqlite:///var/demo.sqlite"
DEMO_SEED = 1


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


def build(url: str, size: str, seed: int, ground_truth: Path) -> dict[str, int]:
    from amanat.demo.region import build_region

    engine = make_engine(url)
    upgrade(engine)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), transient=True) as progress:
        tasks: dict[str, TaskID] = {}

        def report(table: str, rows: int) -> None:
            if table not in tasks:
                tasks[table] = progress.add_task(table, total=None)
            progress.update(tasks[table], advance=rows)

        try:
            return build_region(engine, size, seed, ground_truth, progress=report)
        except ValueError as exc:
            fail(str(exc))


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
    url = database_url(database)
    truth = ground_truth or default_ground_truth(url, seed)
    counts = build(url, size.value, seed, truth)
    typer.echo(f"Demo region ({size.value}, seed {seed}) written to {shown(url)}:")
    typer.echo(f"  {sum(counts.values()):,} rows; ground truth in {truth}")


def pipeline_overview(engine: Engine) -> Table:
    table = Table("pipeline stage", "events", title="Justice pipeline (all cases)")
    query = select(PipelineEvent.stage, func.count()).group_by(PipelineEvent.stage)
    with engine.connect() as connection:
        counts = dict(connection.execute(query).tuples().all())
    from amanat.vocab import vocabulary

    for term in vocabulary("pipeline_stage"):
        table.add_row(term.label("en"), f"{counts.get(term.code, 0):,}")
    return table


def demo(database: DatabaseOption = None) -> None:
    """Build the small demo region if absent, and show what it holds."""
    url = database or DEMO_DATABASE
    path = sqlite_path(url)
    if path is not None and not path.exists():
        typer.echo(f"Building the small demo region in {path} ...")
        build(url, Size.small.value, DEMO_SEED, default_ground_truth(url, DEMO_SEED))
    engine = make_engine(url)
    console = Console()
    counts = Table("kind of record", "records", title=f"Demo register at {shown(url)}")
    for kind, count in count_records(engine).items():
        counts.add_row(kind, f"{count:,}")
    console.print(counts)
    console.print(pipeline_overview(engine))
    console.print(
        "Explore it with `amanat stats --database "
        f"{shown(url)}` and `amanat vocab list`; the web service will serve it here."
    )
