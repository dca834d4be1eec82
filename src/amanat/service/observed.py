"""Each request, once: counted and timed for ``/metrics`` and logged as one line, by
its route's template (``/api/v1/cases/{record_id}``), never its path — a path or a
query string can carry a name typed in a search.

An ASGI middleware, the app's outermost own one, so it sees every answer — a 413 of
the body limit, a 500 — and the time until its last byte.  Each request gets an id,
on every line logged while it is answered and in the ``X-Request-ID`` header, so an
operator can find the lines of a request a user reports.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from fastapi.routing import iter_route_contexts
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from amanat.metrics import LATENCY, REQUESTS
from amanat.service.logs import REQUEST_ID

LOG = logging.getLogger("amanat.requests")
# Methods counted by name; any other a client invents is "other" (no label per word).
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Where no route matched (a 404 of a made-up path, a 405): one label for them all.
UNMATCHED = "unmatched"


def templates(app: Any) -> dict[int, str]:
    """Each route's template by the route (or a mount's app): what routing puts in a
    request's scope is the route as its router declared it, without the prefix it
    was included under (``/health`` for ``/api/v1/health``)."""
    table: dict[int, str] = {}
    for context in iter_route_contexts(app.routes):
        # A mount (the static files) is known by its app: routing marks no route.
        route = context.route
        answered = route.app if isinstance(route, Mount) else context.original_route
        table[id(answered)] = str(context.path_format)  # a mount's ends in /{path}
    return table


class Observed:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.templates: dict[int, str] | None = None  # on the first request: routes are set

    def route_template(self, scope: Scope) -> str:
        """The template of the route that answered (routing marked it in ``scope``)."""
        if self.templates is None:
            self.templates = templates(scope["app"])
        route = scope.get("route")
        answered = route if route is not None else scope.get("endpoint")
        return UNMATCHED if answered is None else self.templates.get(id(answered), UNMATCHED)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = secrets.token_hex(8)
        status = 500  # unless an answer starts: an exception ServerErrorMiddleware answers
        done = False

        def observe() -> None:
            nonlocal done
            done = True
            seconds = time.perf_counter() - started
            method = scope["method"] if scope["method"] in METHODS else "other"
            route = self.route_template(scope)
            REQUESTS.labels(method, route, str(status)).inc()
            LATENCY.labels(method, route).observe(seconds)
            fields = {"method": method, "route": route, "status": status}
            LOG.info("request", extra={**fields, "duration_ms": round(seconds * 1000, 1)})

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [*message.get("headers", ()), (b"x-request-id", request_id.encode())]
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                # Counted before the last bytes leave: a client holding its answer
                # finds it in the next scrape, whichever worker answers that.
                observe()
            await send(message)

        reset = REQUEST_ID.set(request_id)
        try:
            await self.app(scope, receive, sending)
        finally:
            if not done:  # no answer sent: the 500 of an exception, a client gone
                observe()
            REQUEST_ID.reset(reset)
