"""What one request may cost: how long its statements may run on PostgreSQL, and how
many rows an export may hold.

- Every statement of a request runs under ``AMANAT_STATEMENT_TIMEOUT_S`` (15 s), set
  on each connection of the app's engine as it opens (``store.engine``): a page that
  waits longer on a lock or a plan gone wrong is answered 503, and its worker is free
  again, instead of holding a connection while the client has given up.
- Exports and imports read or write a whole register; their transaction raises the
  limit to ``AMANAT_BULK_STATEMENT_TIMEOUT_S`` (600 s) for itself (``allow_bulk``,
  PostgreSQL's ``SET LOCAL``), and the connection returns to the pool with the short one.
- An export through the web app or the API holds at most ``AMANAT_EXPORT_MAX_ROWS``;
  a larger one is refused whole — nothing written, nothing audited — and
  ``amanat export`` on the server has no limit.  An export is written to a private
  file first (it is published when its audit entry commits) and sent from there in
  chunks: a worker never holds a whole export in memory.
"""

from __future__ import annotations

from fastapi import Request
from sqlalchemy import text
from sqlalchemy.orm import Session

from amanat.actions import exports
from amanat.actions.door import Context
from amanat.service.settings import ServiceSettings


def milliseconds(seconds: float) -> int:
    return round(seconds * 1000)


def allow_bulk(session: Session, settings: ServiceSettings) -> None:
    """Raise the statement timeout for the rest of ``session``'s transaction."""
    if session.get_bind().dialect.name != "postgresql":
        return
    limit = f"{milliseconds(settings.bulk_statement_timeout_s)}ms"
    session.execute(text("SELECT set_config('statement_timeout', :limit, true)"), {"limit": limit})


class ExportTooLarge(Exception):
    def __init__(self, most: int) -> None:
        super().__init__(
            f"the export holds more than {most:,} rows, the most one export through the "
            "web app or the API may hold (AMANAT_EXPORT_MAX_ROWS); an operator can "
            "export it with `amanat export` on the server"
        )


def bounded_export(
    request: Request, ctx: Context, job: exports.ExportRequest
) -> exports.ExportResult:
    """``exports.run_export`` under the service's limits: the bulk statement timeout,
    and ``ExportTooLarge`` (the transaction then rolls back) past the rows allowed."""
    settings: ServiceSettings = request.app.state.settings
    most = settings.export_max_rows
    allow_bulk(ctx.session, settings)

    def tick(rows: int) -> None:  # the writers' progress: stop early, not at the end
        if rows > most:
            raise ExportTooLarge(most)

    result = exports.run_export(ctx, job, tick)
    if result.rows > most:
        raise ExportTooLarge(most)
    return result
