"""`amanat serve`: the API and web app under uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from amanat.access.key_file import KeyLoadError
from amanat.cli.options import DatabaseOption, fail, register_engine, resolved, shown
from amanat.service.settings import ServiceSettings

# How long uvicorn waits for a worker to answer its ping before it kills it and starts
# another.  Its default, 5 s, is shorter than a worker takes to import the service on
# a busy machine: every new worker was killed before it served, forever.
WORKER_PING_SECONDS = 60


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

    from amanat.service import checkpoints
    from amanat.service.app import create_app
    from amanat.service.asgi import SETTINGS_ENV, serving
    from amanat.service.master_key import configured_master_key

    try:  # a key configured but unreadable stops here, not in each worker
        configured_master_key(settings)
        checkpoints.configured_key(settings)
    except KeyLoadError as exc:
        fail(str(exc))
    if workers == 1:
        app = serving(create_app(settings))
        # access_log off: request paths can carry names typed in a search.
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        return
    # Inherited by the worker processes, which uvicorn starts afresh (spawn).  It holds
    # the keys the settings hold, readable like the variables they came from.
    os.environ[SETTINGS_ENV] = settings.to_json()
    uvicorn.run(
        "amanat.service.asgi:worker_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        timeout_worker_healthcheck=WORKER_PING_SECONDS,
        log_level="warning",
        access_log=False,
    )
