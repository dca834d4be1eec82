"""What anyone may ask, signed in or not: whether the service runs and is ready, its
API's documentation, and the files every page loads; and the operator's metrics."""

from __future__ import annotations

from sqlalchemy import text

from amanat import __version__
from amanat.actions.door import Context, Scope, action
from amanat.federation import lag
from amanat.metrics import Reading
from amanat.store import migrate

NOTHING_PRIVATE = "it shows nothing about any record or person"


@action(
    "service.health",
    "Whether the service and its database answer, and the version",
    scope=Scope.anyone,
    read_only=True,
    unaudited_because=NOTHING_PRIVATE,
)
def health(ctx: Context) -> str:
    ctx.session.execute(text("SELECT 1"))
    return __version__


@action(
    "service.documentation",
    "The REST API's OpenAPI description and its browsable documentation",
    scope=Scope.anyone,
    read_only=True,
    unaudited_because=NOTHING_PRIVATE,
)
def documentation(ctx: Context) -> None:
    """Nothing to do but be declared: the adapter serves the description."""


@action(
    "service.assets",
    "The scripts, styles, fonts and pictures the pages load (served by the app itself)",
    scope=Scope.anyone,
    read_only=True,
    unaudited_because=NOTHING_PRIVATE,
)
def assets(ctx: Context) -> None:
    """Nothing to do but be declared: the adapter serves the files."""


@action(
    "service.liveness",
    "Whether the service's process answers at all (it asks nothing of the database)",
    scope=Scope.anyone,
    read_only=True,
    unaudited_because=NOTHING_PRIVATE,
)
def liveness(ctx: Context) -> None:
    """Nothing to do but be declared: that the adapter answers is the answer."""


@action(
    "service.readiness",
    "Whether the database answers and its tables are at the current migration",
    scope=Scope.anyone,
    read_only=True,
    unaudited_because=NOTHING_PRIVATE,
)
def readiness(ctx: Context) -> str | None:
    """Why the service cannot serve yet, or None when it can."""
    if not migrate.is_current(ctx.session.connection()):
        return "the database's tables are not at the current migration (run amanat init)"
    return None


@action(
    "service.metrics",
    "Counts for monitoring: requests by route template and status, their latency, "
    "audit entries, imported rows and how far each federation peer lags (with the "
    "metrics token, AMANAT_METRICS_TOKEN)",
    scope=Scope.system,
    read_only=True,
    unaudited_because="counts of requests by route, never a record, a person or a path; "
    "read every few seconds by the monitoring system",
)
def metrics(ctx: Context) -> list[Reading]:
    """What is read from the register when scraped; the adapter adds the counts and
    serves them to the holder of the metrics token."""
    return lag.readings(ctx.session)
