"""JSON request bodies must be I-JSON (RFC 7493): UTF-8 text, no lone surrogates, no
number a double cannot hold, no name twice in one object.  Anything else is refused
with 422 naming the place.

FastAPI decodes bodies with Python's ``json``, which accepts ``"\\ud800"``, ``NaN``,
``Infinity`` and ``1e400`` (as infinity).  Such values then failed far from the door:
in the database driver (a lone surrogate cannot be encoded), in the 422 answer itself
(JSON cannot carry it back), or were stored (an infinite quantity of drugs).  So every
body FastAPI will decode as JSON is first read through orjson, which refuses all of
them, and the request stops there, once for every route.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from email.message import Message as MediaType
from typing import Any

import orjson
from fastapi.exceptions import HTTPException
from fastapi.params import Form
from fastapi.routing import APIRoute
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from amanat.language.i18n import DEFAULT_LANGUAGE, N_
from amanat.language.refusal import filled

Place = tuple[str | int, ...]
# orjson's own words follow (where and why the parser stopped): they stay English.
NOT_JSON = N_("is not JSON: %(problem)s")


class MalformedJson(HTTPException):
    """A body that is not I-JSON; an ``HTTPException`` so that FastAPI, which reads the
    body, lets it through to the answer instead of turning it into a 400.  ``message``
    is a msgid (``N_``) filled with ``params``: ``detail`` holds its English, and the
    API's handler (``service.errors``) says it in the client's language."""

    def __init__(self, loc: Place, message: str, value: str | None, **params: object) -> None:
        self.msgid, self.params = message, params
        english = filled(DEFAULT_LANGUAGE, message, params)
        problem = {"type": "json_invalid", "loc": ["body", *loc], "msg": english, "input": value}
        self.problems: list[dict[str, Any]] = [problem]
        super().__init__(status_code=422, detail=self.problems)

    def said(self, lang: str) -> str:
        return filled(lang, self.msgid, self.params)


class StrictJson:
    """Checks the body of every request that FastAPI will decode as JSON."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _json_media_type(Headers(scope=scope)):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []

        async def checked_receive() -> Message:
            message = await receive()
            # The route is known once the app reads the body; one that reads its own
            # stream (an import's file) is not decoded, so not checked.
            if message["type"] == "http.request" and _decodes_json(scope.get("route")):
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    check(b"".join(chunks))
            return message

        await self.app(scope, checked_receive, send)


def check(body: bytes) -> None:
    """Raise ``MalformedJson`` unless ``body`` is empty or I-JSON."""
    if not body:
        return
    try:
        orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise _explained(body, exc) from None
    # I-JSON forbids a name twice in one object (parsers disagree on which one counts);
    # orjson keeps the last without a word, so Python's parser looks for them.
    json.loads(body, object_pairs_hook=_unique_names)


def _unique_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) < len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                message = N_("gives the name %(name)r twice in one object")
                raise MalformedJson((), message, None, name=_shown(name))
            seen.add(name)
    return found


def _explained(body: bytes, exc: orjson.JSONDecodeError) -> MalformedJson:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as bad:
        return MalformedJson((bad.start,), N_("is not UTF-8 text"), None)
    try:
        # Python's parser is lenient where orjson is not: it finds the value.
        lenient = json.loads(text)
    except (ValueError, RecursionError):
        return MalformedJson((exc.pos,), NOT_JSON, None, problem=exc.msg)
    for place, value in _values(lenient, ()):
        if isinstance(value, float) and not math.isfinite(value):
            return MalformedJson(place, N_("is not a finite number"), str(value))
        if isinstance(value, str) and not _is_text(value):
            return MalformedJson(
                place, N_("has a lone surrogate, which is not text"), _shown(value)
            )
    return MalformedJson((exc.pos,), NOT_JSON, None, problem=exc.msg)


def _values(value: Any, place: Place) -> Iterator[tuple[Place, Any]]:
    """Every key and value in the document, with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            here = (*place, _shown(key))
            yield here, key
            yield from _values(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _values(item, (*place, index))
    else:
        yield place, value


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(value: str) -> str:
    """``value`` as JSON can carry it back: a lone surrogate as its escape."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8")[:200]


def _json_media_type(headers: Headers) -> bool:
    """What FastAPI decodes as JSON: ``application/json`` or ``application/*+json``."""
    given = headers.get("content-type")
    if not given:
        return False
    media = MediaType()
    media["content-type"] = given
    subtype = media.get_content_subtype()
    return media.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def _decodes_json(route: object) -> bool:
    return (
        isinstance(route, APIRoute)
        and route.body_field is not None
        and not isinstance(route.body_field.field_info, Form)
    )
