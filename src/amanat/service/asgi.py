"""The doors of the service for uvicorn.

- ``uvicorn amanat.service.asgi:app``: the settings are read here, once, from the
  ``AMANAT_`` environment variables (the database from ``AMANAT_DATABASE_URL``).
- ``amanat serve --workers N``: uvicorn's factory mode, ``amanat.service.asgi:worker_app``.
  Each worker builds its app from the settings the command resolved, handed over
  whole in ``SETTINGS_ENV``, so every worker serves the database the command named,
  with the same session key.
"""

from __future__ import annotations

import gc
import logging.config
import os

from fastapi import FastAPI

from amanat.service import logs
from amanat.service.app import create_app
from amanat.service.settings import ServiceSettings

# Set by `amanat serve` for its worker processes only; not a setting of its own.
SETTINGS_ENV = "AMANAT_SERVE_SETTINGS"


def serving(app: FastAPI) -> FastAPI:
    """``app``, with what the imports made set aside from the garbage collector."""
    # What the imports made (about 400,000 objects: the ORM, pydantic's schemas, the
    # name tables) lives as long as the process.  Frozen, the collector stops walking
    # it: a full collection otherwise takes 0.1-0.2 s with every request of the worker
    # waiting on it, which is what made the slowest 1 % of requests slow under load.
    gc.freeze()
    return app


def worker_app() -> FastAPI:
    """One worker's app, from the settings ``amanat serve`` resolved."""
    return serving(create_app(ServiceSettings.from_json(os.environ[SETTINGS_ENV])))


def __getattr__(name: str) -> FastAPI:
    # `app` is made on first use, not on import: the workers import this module for
    # `worker_app`, and an app from the environment would be one they never serve.
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    settings = ServiceSettings()
    # uvicorn configured its own logging before it imported the app: ours replaces it.
    logging.config.dictConfig(logs.config(settings))
    app = globals()["app"] = serving(create_app(settings))
    return app
