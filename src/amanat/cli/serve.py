"""`amanat serve`: the API and web app under uvicorn."""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Annotated

import typer

from amanat.access.key_file import KeyLoadError
from amanat.cli.language import _, refused
from amanat.cli.options import DatabaseOption, fail, register_engine, resolved, shown
from amanat.service.settings import ServiceSettings

# How long uvicorn waits for a new worker to answer its health check before it kills
# and replaces it.  A worker answers once it has imported the app (spawn): seconds on an
# idle machine, over a minute on a busy two-core one, where uvicorn's 5 s had every
# worker replaced before it could answer.  A worker that hangs later is replaced this
# much later; /health/live lets a supervisor act sooner.
WORKER_START_SECONDS = 120


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    database: DatabaseOption = None,
) -> None:
    """Serve the REST API (/api/v1, docs at /docs) and the web app (/)."""
    settings = resolved(ServiceSettings, database)
    register_engine(settings).dispose()  # fail early and clearly on a bad or empty database
    typer.echo(
        _(
            "Serving %(database_url)s at http://%(host)s:%(port)s/ (API docs at /docs)",
            database_url=shown(settings.database_url),
            host=host,
            port=port,
        )
    )
    run(settings, host, port, workers)


def run(settings: ServiceSettings, host: str, port: int, workers: int = 1) -> None:
    """Serve the app of ``settings``: one process is handed the app itself; several
    workers build theirs from these settings, handed over whole (``asgi.worker_app``)."""
    import uvicorn

    from amanat import metrics
    from amanat.service import checkpoints, logs
    from amanat.service.app import create_app
    from amanat.service.asgi import SETTINGS_ENV, serving
    from amanat.service.master_key import configured_master_key

    if workers > 1 and "secret_key" not in settings.model_fields_set:
        fail(
            _(
                "--workers %(workers)s needs AMANAT_SECRET_KEY: without it each "
                "worker makes its own session key, and a sign-in or form made by "
                "one fails on the others. Set it to the same long random value "
                "for every worker, e.g. AMANAT_SECRET_KEY=$(python3 -c 'import "
                "secrets; print(secrets.token_urlsafe(32))')",
                workers=workers,
            )
        )
    try:  # a key configured but unreadable stops here, not in each worker
        configured_master_key(settings)
        checkpoints.configured_key(settings)
    except KeyLoadError as exc:
        fail(refused(exc))
    # access_log off: request paths can carry names typed in a search; the app logs
    # each request itself, by its route's template (amanat.service.logs).
    log_config, log_level = logs.config(settings), settings.log_level.lower()
    if workers == 1:
        app = serving(create_app(settings))
        uvicorn.run(
            app, host=host, port=port, access_log=False, log_config=log_config, log_level=log_level
        )
        return
    # Inherited by the worker processes, which uvicorn starts afresh (spawn).  It holds
    # the keys the settings hold, readable like the variables they came from.
    os.environ[SETTINGS_ENV] = settings.to_json()
    # Each worker (spawned) first re-runs the parent's main module, before it answers
    # uvicorn's health check: `amanat`'s is the whole command line, three times the
    # app's imports.  Named as the workers' own module, it is only what they need.
    sys.modules["__main__"].__spec__ = importlib.util.find_spec("amanat.service.asgi")
    with metrics.shared_by_workers():
        uvicorn.run(
            "amanat.service.asgi:worker_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            timeout_worker_healthcheck=WORKER_START_SECONDS,
            access_log=False,
            log_config=log_config,
            log_level=log_level,
        )
