"""A progress bar with rows per second for long imports and exports (rich), on
standard error so that it never mixes with what a command writes to standard output."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text


class RowsColumn(ProgressColumn):
    """Rows done and the rate, e.g. "120,000 rows · 24,510 rows/s"."""

    def render(self, task: Task) -> Text:
        rows = int(task.fields.get("rows", 0))
        started = task.fields.get("started", time.monotonic())
        elapsed = max(time.monotonic() - float(started), 1e-9)
        return Text(f"{rows:,} rows · {rows / elapsed:,.0f} rows/s", style="progress.data.speed")


class RowProgress:
    """``update(rows, done, total)``: rows handled, and work done of the total (bytes
    of a file, or rows when the total is not known)."""

    def __init__(self, description: str, *, enabled: bool = True) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            RowsColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=not enabled,
        )
        self.task = self.progress.add_task(
            description, total=None, rows=0, started=time.monotonic()
        )

    def update(self, rows: int, done: int = 0, total: int | None = None) -> None:
        self.progress.update(self.task, completed=done or rows, total=total, rows=rows)

    def tick(self, rows: int) -> None:
        self.update(rows)

    def __enter__(self) -> RowProgress:
        self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.progress.stop()
