"""The application factory: ``create_app(settings)`` serves the API under /api/v1 and
the web app at /, over the one database its settings name."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import import_module
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import Engine
from starlette.middleware.body_limit import RequestBodyLimitMiddleware

from amanat import __version__
from amanat.actions import public
from amanat.actions.door import binds
from amanat.service import (
    body_limits,
    checkpoints,
    errors,
    federation,
    json_bodies,
    limits,
    probes,
)
from amanat.service.master_key import configured_master_key
from amanat.service.name_caches import keep_name_caches_small
from amanat.service.observed import Observed
from amanat.service.settings import ServiceSettings
from amanat.store.engine import make_engine, session_factory

# Routers, each a module with a `router` (APIRouter); the API and the web app add
# theirs here.  Listed by name so a missing part shows up as an import error.
API_ROUTERS: tuple[str, ...] = (
    "amanat.service.api.health",
    # people before records: /people/search is not a person id
    "amanat.service.api.people",
    "amanat.service.api.resolution",
    "amanat.service.api.records",
    "amanat.service.api.submissions",
    "amanat.service.api.imports",
    "amanat.service.api.exports",
    "amanat.service.api.sharing",
    "amanat.service.api.discovery",
    "amanat.service.api.information_requests",
    "amanat.service.api.reports",
    "amanat.service.api.referrals",
    "amanat.service.api.audit",
    "amanat.service.api.accounts",
)
WEB_MODULE = "amanat.service.web"
OPENAPI_URL = "/api/v1/openapi.json"


def create_app(settings: ServiceSettings, *, engine: Engine | None = None) -> FastAPI:
    """The app over ``settings.database_url``, or over ``engine`` when the caller
    owns one (tests).  Everything the app needs comes from ``settings``: nothing here
    reads the environment."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own_engine = engine is None
        app.state.engine = engine or make_engine(
            settings.database_url,
            echo=settings.echo_sql,
            statement_timeout_ms=limits.milliseconds(settings.statement_timeout_s),
        )
        app.state.sessions = session_factory(app.state.engine)
        # API requests in a transaction at once (``amanat.service.deps.get_api_session``),
        # made here on the event loop that serves them.
        app.state.api_slots = asyncio.Semaphore(settings.api_concurrency)
        key, stop = checkpoints.configured_key(settings), asyncio.Event()
        signer = (
            asyncio.create_task(checkpoints.keep_signing(app.state.engine, key, stop))
            if key is not None
            else None
        )
        kept_small = asyncio.create_task(keep_name_caches_small(stop))
        yield
        stop.set()
        await kept_small
        if signer is not None:
            await signer
        if own_engine:
            app.state.engine.dispose()

    app = FastAPI(
        title="Amanat",
        version=__version__,
        summary="Share what you know about trafficking safely, and see where it leads.",
        lifespan=lifespan,
        # Served from the app's own static files (``_docs``), not FastAPI's CDN
        # defaults: a deployment may have no internet.  ReDoc is not offered.
        docs_url=None,
        redoc_url=None,
        # Served by ``_openapi`` below, bound to its action like every other route.
        openapi_url=None,
    )
    app.state.settings = settings
    # Loaded now, so a key configured but unreadable stops the service before it serves.
    app.state.master_key = configured_master_key(settings)
    errors.install(app)
    # Bodies: 1 MiB unless a router says more (body_limits), and JSON that is I-JSON.
    app.add_middleware(json_bodies.StrictJson)
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=body_limits.FORM_OR_JSON)
    app.include_router(probes.router)
    app.include_router(federation.router)
    for name in API_ROUTERS:
        limit = body_limits.for_router(name, settings)
        app.include_router(import_module(name).router, prefix="/api/v1", max_body_size=limit)
    web: Any = _optional_web()
    if web is not None:
        web.install(app, settings)
    app.add_api_route("/docs", _docs, include_in_schema=False)

    @binds(public.documentation)
    def _openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    app.add_api_route(OPENAPI_URL, _openapi, include_in_schema=False)
    # Added last, so outermost: it sees every answer, the body limit's 413s included.
    app.add_middleware(Observed)
    return app


@binds(public.documentation)
def _docs() -> HTMLResponse:
    # Swagger UI from npm's swagger-ui-dist, vendored in service/web/static with its
    # licence (swagger-ui.LICENSE.txt).
    return get_swagger_ui_html(
        openapi_url=OPENAPI_URL,
        title="Amanat API",
        swagger_js_url="/static/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger-ui.css",
        swagger_favicon_url="/static/amanat.svg",
        oauth2_redirect_url=None,
        # No validator badge: it would send the API description to validator.swagger.io.
        swagger_ui_parameters={"validatorUrl": None},
    )


def _optional_web() -> Any:
    try:
        return import_module(WEB_MODULE)
    except ModuleNotFoundError as exc:  # the web app is not installed in this build
        if exc.name != WEB_MODULE:
            raise
        return None
