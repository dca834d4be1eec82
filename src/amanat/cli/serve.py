"""`amanat serve`: the API and web app under uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from amanat.access.key_file import KeyLoadError
from amanat.cli.options import DatabaseOption, fail, register_engine, resolved, shown
from amanat.service.settings import ServiceSettings

WORKER_START_SECONDS = 180


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
        f"Serving {shown(settings.database_url)} at http://{host}:{port}/ (API docs at /docs)"
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
            f"--workers {workers} needs AMANAT_SECRET_KEY: without it each worker makes "
            "its own session key, and a sign-in or form made by one fails on the others. "
            "Set it to the same long random value for every worker, e.g. "
            "AMANAT_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    try:  # a key configured but unreadable stops here, not in each worker
        configured_master_key(settings)
        checkpoints.configured_key(settings)
    except KeyLoadError as exc:
        fail(str(exc))
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
    with metrics.shared_by_workers():
        uvicorn.run(
            "amanat.service.asgi:worker_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            # uvicorn replaces a worker that does not answer its ping in this many
            # seconds.  A worker first imports the command line (spawn): 3 s of CPU,
            # over a minute on a busy two-core machine, where uvicorn's 5 s would have
            # it replaced forever.  A worker that hangs later is replaced this much
            # later; /health/live lets a supervisor act sooner.
            timeout_worker_healthcheck=WORKER_START_SECONDS,
            access_log=False,
            log_config=log_config,
            log_level=log_level,
        )
