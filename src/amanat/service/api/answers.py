"""The error answers every route may give, for the API docs."""

from typing import Any

from fastapi import Response
from pydantic import BaseModel, TypeAdapter


class ErrorBody(BaseModel):
    detail: Any


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    said = {
        401: "Not authenticated (any credential problem, without detail).",
        403: "Denied: says which permission is missing.",
        404: "Not found — or not visible to you: the two answers are identical.",
        409: "The record changed since the version you gave; reload and try again.",
        422: "Bad input: `detail[].loc` names the field; nothing was written.",
    }
    return {status: {"model": ErrorBody, "description": said[status]} for status in statuses}


READ = errors(401, 404, 422)
WRITE = errors(401, 403, 404, 409, 422)


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def json_answer(schema: Any, data: Any, status_code: int = 200) -> Response:
    """``data`` checked against ``schema`` and written as JSON, in the route's thread.

    What FastAPI does with a route's ``response_model``, without its extra trip
    through the thread pool for a synchronous route; the route still declares the
    model, for the API docs.
    """
    adapter = _ADAPTERS.get(schema)
    if adapter is None:
        adapter = _ADAPTERS[schema] = TypeAdapter(schema)
    body = adapter.dump_json(adapter.validate_python(data))
    return Response(body, status_code=status_code, media_type="application/json")
