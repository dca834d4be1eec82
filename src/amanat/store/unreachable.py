"""A PostgreSQL server that cannot be reached — restarting, stopped, the network
down — raises ``DatabaseUnreachable`` instead of the driver's error, so that the
service can answer "try again shortly" (503) rather than fail as if it were a bug.

The engine's connections to a server that went away are discarded on the first such
error (SQLAlchemy invalidates the pool on a disconnect), so the service recovers by
itself once the server is back: no restart, and no ping before every request.
"""

from __future__ import annotations

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import OperationalError

from amanat.language.i18n import N_

# SQLSTATEs of a server that is going away or not yet there: the class of connection
# exceptions, and an administrator's or a crash's shutdown, or a server starting up.
GONE_STATES = ("57P01", "57P02", "57P03")
# What a person is told, in the API's answer (English) and on a page (translated):
# the one wording of each, for every door.
UNREACHABLE = N_(
    "The database cannot be reached at the moment; nothing was saved. Try again shortly."
)
TOO_SLOW = N_(
    "The database took too long to answer; nothing was saved. Try again, or ask for less at once."
)


class DatabaseUnreachable(OperationalError):
    """The database server cannot be reached; nothing was written."""

    def __str__(self) -> str:
        # The driver's message names the server's address: not for the answer.
        return UNREACHABLE


def lost(context: ExceptionContext) -> bool:
    """Whether the error is the connection's, not the statement's (a statement that
    was cancelled, e.g. by a timeout, is the statement's)."""
    if context.is_disconnect:
        return True
    if not isinstance(context.sqlalchemy_exception, OperationalError):
        return False
    state = getattr(context.original_exception, "sqlstate", None)
    # psycopg gives no SQLSTATE when it could not connect at all (refused, no route).
    return state is None or state.startswith("08") or state in GONE_STATES


def _translate(context: ExceptionContext) -> None:
    if not lost(context):
        return
    context.is_disconnect = True  # so that the pool's other connections are discarded too
    error = context.sqlalchemy_exception
    assert error is not None
    raise DatabaseUnreachable(
        error.statement, error.params, context.original_exception, connection_invalidated=True
    )


def watch(engine: Engine) -> None:
    """Make ``engine`` raise ``DatabaseUnreachable`` for a server it cannot reach."""
    event.listen(engine, "handle_error", _translate)
