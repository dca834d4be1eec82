"""The service's counters for Prometheus (``/metrics``, ``amanat.service.probes``),
defined once, below every layer, so that the audit trail and imports count where
their work is done.

Several workers (``amanat serve --workers N``) count into one folder of shared files,
prometheus-client's multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``): one scrape
reads the whole service, whichever worker answers it, and a worker that uvicorn
replaces leaves its counts in the totals, so counters only grow, as Prometheus'
``rate()`` expects.  Counts per worker would need the scraper to reach each worker,
which behind one port it cannot.  Only counters and histograms are kept: they add up
across workers without a choice of how.

Work done in a transaction (audit entries, imported rows) is counted when the
transaction commits (``on_commit``): a rolled-back import counted nothing.

What is a state of the register rather than a count of work, such as how far each
federation peer lags, is read from the database when scraped (``Reading``): every worker
would answer the same, and a gauge kept per worker would go stale in the ones not asked.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import event
from sqlalchemy.orm import Session

# prometheus-client's own variable, read when it is imported: set before the workers
# start (``shared_by_workers``), never in a process that already counts.
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "amanat_http_requests",
    "HTTP requests answered, by method, route template (never the path) and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "amanat_http_request_duration_seconds",
    "Seconds from a request's arrival to the end of its answer, by route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 120.0),
)
AUDIT_ENTRIES = Counter("amanat_audit_entries", "Audit entries committed to the trail")
IMPORT_ROWS = Counter("amanat_import_rows", "Rows of files imported (committed imports)")

_PENDING = "amanat.metrics.pending"


def on_commit(session: Session, counter: Counter, amount: float) -> None:
    """Add ``amount`` to ``counter`` when ``session``'s transaction commits."""
    session.info.setdefault(_PENDING, []).append((counter, amount))


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    for counter, amount in session.info.pop(_PENDING, ()):
        counter.inc(amount)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)


@dataclass(frozen=True)
class Reading:
    """A gauge read from the register at scrape time: one value per ``label`` value."""

    name: str
    help: str
    label: str
    values: Mapping[str, float]


class _Readings:
    """prometheus-client's collector protocol over readings taken for one scrape."""

    def __init__(self, readings: Sequence[Reading]) -> None:
        self.readings = readings

    def collect(self) -> Iterator[Metric]:
        for reading in self.readings:
            family = GaugeMetricFamily(reading.name, reading.help, labels=[reading.label])
            for label, value in sorted(reading.values.items()):
                family.add_metric([label], value)
            yield family


def exposition(readings: Sequence[Reading] = ()) -> tuple[bytes, str]:
    """Every worker's counts and ``readings``, in Prometheus' text format, and its
    media type."""
    registry = REGISTRY
    if os.environ.get(MULTIPROCESS_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # registers itself
    read = CollectorRegistry()
    read.register(_Readings(readings))
    return generate_latest(registry) + generate_latest(read), CONTENT_TYPE_LATEST


@contextmanager
def shared_by_workers() -> Iterator[Path]:
    """A folder where the workers started inside count together: the operator's
    ``PROMETHEUS_MULTIPROC_DIR``, emptied of a previous run's counts, or a private
    one of our own, removed after."""
    given = os.environ.get(MULTIPROCESS_ENV)
    folder = Path(given) if given else Path(tempfile.mkdtemp(prefix="amanat-metrics-"))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):  # a previous run's: its totals are not ours
        stale.unlink()
    os.environ[MULTIPROCESS_ENV] = str(folder)
    try:
        yield folder
    finally:
        if not given:
            del os.environ[MULTIPROCESS_ENV]
            shutil.rmtree(folder, ignore_errors=True)
