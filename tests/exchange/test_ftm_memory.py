"""What an FtM export leaves in a long-running worker (issue 16's soak): nothing the
reference counts cannot free at once, and a bounded batch of rows at a time.

A reference cycle through an export's state (``Publishers.written``: every record
written) kept it alive until the collector's rare full pass; in a served worker each
export left ~5 MiB behind that way.  And the rows read at a time set the export's
peak, which the worker keeps as its resident high-water mark."""

from __future__ import annotations

import gc
import io
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from tests.actions.conftest import acting

from amanat.exchange import scope
from amanat.exchange.ftm import FtmExport, write_ftm
from amanat.exchange.scope import ExportScope

# One batch of the widest rows an export reads (people with their parts) may hold
# this much: ~1.2 KB a row at 1,000 rows; 10,000 rows held ~12 MiB.
BATCH_MIB = 4


@contextmanager
def no_collector() -> Iterator[list[Any]]:
    """The cyclic collector off: only reference counts free anything.  Yields what
    was left in reference cycles, once the block has run."""
    gc.collect()
    gc.disable()
    left: list[Any] = []
    try:
        yield left
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        left += gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def _ours(thing: Any) -> str | None:
    """What ``thing`` is, when Amanat's export made it (a type or a function of ours,
    or the code the mapping compiles), else None."""
    code = getattr(thing, "__code__", None)
    if code is not None:
        where = code.co_filename
        return code.co_qualname if "amanat" in where or where.startswith("<FtM") else None
    kind = type(thing)
    return kind.__qualname__ if kind.__module__.startswith("amanat.") else None


def test_an_export_leaves_nothing_for_the_collector(region: Engine) -> None:
    with no_collector() as left, acting(region, "analyst") as ctx:
        written = write_ftm(ExportScope(ctx.session, ctx.viewer), io.BytesIO())
    assert written > 100
    assert Counter(name for name in map(_ours, left) if name is not None) == Counter()


def test_one_batch_of_people_stays_small(region: Engine) -> None:
    with acting(region, "analyst") as ctx:
        export = FtmExport(ExportScope(ctx.session, ctx.viewer))
        list(export.records("organisation"))  # the people's publishers
        columns = export.columns_of("person")
        export.compiled("person", columns)  # the columns the mapping reads
        query = export.select("person", columns)
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            batch = next(scope._batches(ctx.session, query))
            held = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
    assert 0 < len(batch) <= scope.STREAM_ROWS
    per_row = held / len(batch)
    assert per_row * scope.STREAM_ROWS < BATCH_MIB * 2**20, (per_row, scope.STREAM_ROWS)
