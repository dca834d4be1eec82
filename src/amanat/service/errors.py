"""Domain exceptions → HTTP answers, in one map.

A record the user may not see gets the same answer as one that does not exist (404,
same body); a denied write says which permission is missing (403); bad input names
the field (422); a stale update is a conflict (409) and nothing is written.  A
database too slow (past its statement timeout, ``service.limits``) or out of reach is
503: nothing was written, and the request may be tried again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from amanat.access.accounts import AccountError
from amanat.access.roles import PermissionDenied
from amanat.access.sharing import NotFound
from amanat.actions.errors import FieldProblem
from amanat.register import InvalidValue
from amanat.register.name_key_version import StaleNameKeys
from amanat.service.limits import ExportTooLarge
from amanat.store import unreachable

NOT_FOUND_BODY = {"detail": "Not found"}


async def _not_found(request: Request, exc: Exception) -> Response:
    return JSONResponse(NOT_FOUND_BODY, status_code=404)


async def _denied(request: Request, exc: Exception) -> Response:
    return JSONResponse({"detail": str(exc)}, status_code=403)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InvalidValue)
    return JSONResponse(
        {"detail": [{"loc": exc.field.split("."), "msg": exc.reason, "input": str(exc.value)}]},
        status_code=422,
    )


async def _account(request: Request, exc: Exception) -> Response:
    return JSONResponse({"detail": str(exc)}, status_code=422)


async def _stale(request: Request, exc: Exception) -> Response:
    return JSONResponse(
        {"detail": "the record was changed by someone else; reload it and try again"},
        status_code=409,
    )


async def _field(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FieldProblem)
    shown = None if exc.value is None else str(exc.value)[:200]
    return JSONResponse(
        {"detail": [{"loc": list(exc.loc), "msg": exc.message, "input": shown}]},
        status_code=422,
    )


async def _refused(request: Request, exc: Exception) -> Response:
    # The database's own message can name values of other rows; say only what failed.
    return JSONResponse(
        {
            "detail": "refused by the database: a value is out of range, or a referenced "
            "record does not exist, or a unique value is already taken"
        },
        status_code=422,
    )


async def _unavailable(request: Request, exc: Exception) -> Response:
    # Searching by name waits for the operator to rebuild the keys, and a database that
    # is restarting for a moment: the message says which, and what to do.
    return JSONResponse({"detail": str(exc)}, status_code=503)


# PostgreSQL's "canceling statement due to statement timeout" (``service.limits``).
QUERY_CANCELED = "57014"


async def _database_unavailable(request: Request, exc: Exception) -> Response:
    # A statement over its time limit, a database restarting or out of reach: the
    # request wrote nothing (its transaction rolled back) and may be tried again.  The
    # database's own message is not shown: it can quote the statement's values.
    assert isinstance(exc, OperationalError)
    timed_out = getattr(exc.orig, "sqlstate", None) == QUERY_CANCELED
    detail = unreachable.TOO_SLOW if timed_out else unreachable.UNREACHABLE
    return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": "5"})


async def _too_many_rows(request: Request, exc: Exception) -> Response:
    return JSONResponse({"detail": str(exc)}, status_code=422)


HANDLERS: dict[type[Exception], Callable[[Request, Exception], Awaitable[Response]]] = {
    NotFound: _not_found,
    PermissionDenied: _denied,
    InvalidValue: _invalid,
    AccountError: _account,
    StaleDataError: _stale,
    # PermissionError without a named permission (originator control, emergency reads).
    PermissionError: _denied,
    FieldProblem: _field,
    IntegrityError: _refused,
    DataError: _refused,
    StaleNameKeys: _unavailable,
    OperationalError: _database_unavailable,
    ExportTooLarge: _too_many_rows,
}


def install(app: FastAPI) -> None:
    for exception, handler in HANDLERS.items():
        app.add_exception_handler(exception, handler)


def not_found() -> Any:
    """Raise the one not-found answer (for paths that look records up themselves)."""
    raise NotFound("not found")
