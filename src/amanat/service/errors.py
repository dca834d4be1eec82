"""Domain exceptions → HTTP answers, in one map.

A record the user may not see gets the same answer as one that does not exist (404,
same body); a denied write says which permission is missing (403); bad input names
the field (422); a stale update is a conflict (409) and nothing is written.  A
database too slow (past its statement timeout, ``service.limits``) or out of reach is
503: nothing was written, and the request may be tried again.

The messages are said in the language the client asks for with ``Accept-Language``
(English without one, as before), and the answer says which in ``Content-Language``.
Only the human sentences change, pydantic's own included: status codes, ``type``,
``loc`` and ``input`` do not, so a program reads the same answer in every language.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from amanat.access.accounts import AccountError
from amanat.access.roles import PermissionDenied
from amanat.access.sharing import NotFound
from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_, gettext, negotiate
from amanat.language.refusal import said
from amanat.language.validation import message as validation_message
from amanat.register import InvalidValue, reasons
from amanat.register.name_key_version import StaleNameKeys
from amanat.register.reasons import Unfit
from amanat.service.json_bodies import MalformedJson
from amanat.service.limits import ExportTooLarge
from amanat.service.schemas.fields import UNFIT
from amanat.store import unreachable

NOT_FOUND = N_("Not found")
NOT_FOUND_BODY = {"detail": NOT_FOUND}
STALE = N_("the record was changed by someone else; reload it and try again")
# The database's own message can name values of other rows; say only what failed.
REFUSED = N_(
    "refused by the database: a value is out of range, or a referenced record does not "
    "exist, or a unique value is already taken"
)


def language(request: Request) -> str:
    """The language the client asked for (``Accept-Language``), English by default."""
    return negotiate(request.headers.get("accept-language", ""))


def answer(
    request: Request, body: dict[str, Any], status: int, headers: dict[str, str] | None = None
) -> JSONResponse:
    """``body`` as JSON, saying in ``Content-Language`` which language its words are in."""
    return JSONResponse(
        body, status, headers={"Content-Language": language(request), **(headers or {})}
    )


def _sentence(request: Request, msgid: str) -> dict[str, Any]:
    return {"detail": gettext(language(request), msgid)}


async def _not_found(request: Request, exc: Exception) -> Response:
    # One body for absent and denied, whatever the exception said.
    return answer(request, _sentence(request, NOT_FOUND), 404)


async def _said(request: Request, exc: Exception, status: int) -> Response:
    return answer(request, {"detail": said(exc, language(request))}, status)


async def _denied(request: Request, exc: Exception) -> Response:
    return await _said(request, exc, 403)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InvalidValue)
    problem = {
        "loc": exc.field.split("."),
        "msg": exc.reason_in(language(request)),
        "input": str(exc.value),
    }
    return answer(request, {"detail": [problem]}, 422)


async def _account(request: Request, exc: Exception) -> Response:
    return await _said(request, exc, 422)


async def _stale(request: Request, exc: Exception) -> Response:
    return answer(request, _sentence(request, STALE), 409)


async def _field(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FieldProblem)
    shown = None if exc.value is None else str(exc.value)[:200]
    problem = {"loc": list(exc.loc), "msg": exc.said(language(request)), "input": shown}
    return answer(request, {"detail": [problem]}, 422)


async def validation(request: Request, exc: Exception) -> Response:
    """pydantic's 422, as FastAPI answers it, its messages said in the client's
    language: the register's reasons (``unfit``) in theirs, pydantic's own by their
    ``type`` (``language.validation``); ``type``, ``loc`` and ``input`` as they are."""
    assert isinstance(exc, RequestValidationError)
    lang = language(request)
    problems = []
    for error in exc.errors():
        context = dict(error.get("ctx") or {})
        unfit = context.pop(UNFIT, None)
        if isinstance(unfit, Unfit):
            error = {**error, "msg": reasons.said(unfit.code, unfit.params, lang), "ctx": context}
        else:
            error = {**error, "msg": validation_message(error, lang)}
        problems.append(error)
    return answer(request, {"detail": jsonable_encoder(problems)}, 422)


async def _malformed(request: Request, exc: Exception) -> Response:
    # A body that is not I-JSON (``service.json_bodies``): its place and type as they
    # are, its words in the client's language.
    assert isinstance(exc, MalformedJson)
    detail = [{**problem, "msg": exc.said(language(request))} for problem in exc.problems]
    return answer(request, {"detail": detail}, 422)


async def _refused(request: Request, exc: Exception) -> Response:
    return answer(request, _sentence(request, REFUSED), 422)


async def _unavailable(request: Request, exc: Exception) -> Response:
    # Searching by name waits for the operator to rebuild the keys, and a database that
    # is restarting for a moment: the message says which, and what to do.
    return await _said(request, exc, 503)


# PostgreSQL's "canceling statement due to statement timeout" (``service.limits``).
QUERY_CANCELED = "57014"


async def _database_unavailable(request: Request, exc: Exception) -> Response:
    # A statement over its time limit, a database restarting or out of reach: the
    # request wrote nothing (its transaction rolled back) and may be tried again.  The
    # database's own message is not shown: it can quote the statement's values.
    assert isinstance(exc, OperationalError)
    timed_out = getattr(exc.orig, "sqlstate", None) == QUERY_CANCELED
    detail = unreachable.TOO_SLOW if timed_out else unreachable.UNREACHABLE
    return answer(request, _sentence(request, detail), 503, {"Retry-After": "5"})


async def _too_many_rows(request: Request, exc: Exception) -> Response:
    return await _said(request, exc, 422)


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
    # The web app (``web.error_pages``), when installed, answers it for pages and passes
    # the API's to ``validation``.
    RequestValidationError: validation,
    MalformedJson: _malformed,
}


def install(app: FastAPI) -> None:
    for exception, handler in HANDLERS.items():
        app.add_exception_handler(exception, handler)


def not_found() -> Any:
    """Raise the one not-found answer (for paths that look records up themselves)."""
    raise NotFound("not found")
