"""What the operator's machinery asks of a running service, at the root (not under
/api/v1): a load balancer or systemd whether it lives and is ready, Prometheus its
counts.

- ``GET /health/live``: 200 while the process answers; it asks nothing of the
  database, so a database outage does not get healthy workers restarted.
- ``GET /health/ready``: 200 when the database answers and its tables are at the
  current migration; 503 with a short reason otherwise (stop sending it requests).
- ``GET /metrics``: Prometheus' text format (``amanat.metrics``), with the federation's
  lag read from the register at each scrape, to the holder of
  ``AMANAT_METRICS_TOKEN`` as a bearer token (compared in constant time).  Without
  that setting there is no such page (404): counts of requests by route are not for
  anyone who asks.

Nothing answered here names a record, a person or a path.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from amanat import metrics as counted
from amanat.actions import public
from amanat.actions.actor import ANONYMOUS, OPERATOR
from amanat.actions.door import binds
from amanat.service.deps import UNAUTHORISED, bearer, door_context
from amanat.service.errors import NOT_FOUND_BODY
from amanat.service.settings import ServiceSettings

router = APIRouter(include_in_schema=False)
NO_STORE = {"Cache-Control": "no-store"}


@router.get("/health/live")
@binds(public.liveness)
async def live() -> JSONResponse:
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


@router.get("/health/ready")
@binds(public.readiness)
def ready(request: Request) -> JSONResponse:
    try:
        with request.app.state.sessions() as session, session.begin():
            reason = public.readiness(door_context(request, session, ANONYMOUS))
    except SQLAlchemyError:
        reason = "the database does not answer"
    if reason is not None:
        return JSONResponse({"status": "unavailable", "reason": reason}, 503, headers=NO_STORE)
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


@router.get("/metrics")
@binds(public.metrics)
def metrics(request: Request) -> Response:
    settings: ServiceSettings = request.app.state.settings
    expected = settings.metrics_token.get_secret_value().encode() if settings.metrics_token else b""
    if not expected:
        return JSONResponse(NOT_FOUND_BODY, 404)
    given = (bearer(request) or "").encode()
    if not hmac.compare_digest(given, expected):
        # Answered here, not raised: the web app would turn a raised 401 into its
        # sign-in page, which a scraper cannot use.
        return JSONResponse(
            {"detail": UNAUTHORISED.detail}, 401, headers=dict(UNAUTHORISED.headers or {})
        )
    # The token's holder is the operator's monitoring system.
    with request.app.state.sessions() as session, session.begin():
        readings = public.metrics(door_context(request, session, OPERATOR))
    body, media_type = counted.exposition(readings)
    return Response(body, media_type=media_type, headers=NO_STORE)
