"""The application factory: ``create_app()`` serves the API under /api/v1 and the
web app at /, over one database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import import_module
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine

from amanat import __version__
from amanat.service import errors
from amanat.service.settings import ServiceSettings, get_service_settings
from amanat.store.engine import make_engine, session_factory

# Routers, each a module with a `router` (APIRouter); the API and the web app add
# theirs here.  Listed by name so a missing part shows up as an import error.
API_ROUTERS: tuple[str, ...] = (
    "amanat.service.api.health",
    # people before records: /people/search is not a person id
    "amanat.service.api.people",
    "amanat.service.api.records",
    "amanat.service.api.submissions",
    "amanat.service.api.sharing",
    "amanat.service.api.audit",
    "amanat.service.api.accounts",
)
WEB_MODULE = "amanat.service.web"


def create_app(
    engine: Engine | None = None,
    settings: ServiceSettings | None = None,
    database_url: str | None = None,
) -> FastAPI:
    settings = settings or get_service_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own_engine = engine is None
        app.state.engine = engine or make_engine(database_url)
        app.state.sessions = session_factory(app.state.engine)
        yield
        if own_engine:
            app.state.engine.dispose()

    app = FastAPI(
        title="Amanat",
        version=__version__,
        summary="Share what you know about trafficking safely, and see where it leads.",
        lifespan=lifespan,
        docs_url="/docs",
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    errors.install(app)
    for name in API_ROUTERS:
        app.include_router(import_module(name).router, prefix="/api/v1")
    web: Any = _optional_web()
    if web is not None:
        web.install(app, settings)
    return app


def _optional_web() -> Any:
    try:
        return import_module(WEB_MODULE)
    except ModuleNotFoundError as exc:  # the web app is not installed in this build
        if exc.name != WEB_MODULE:
            raise
        return None
