"""`amanat serve`: the API and web app under uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from amanat.cli.options import DatabaseOption, database_url, open_register, shown


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    database: DatabaseOption = None,
) -> None:
    """Serve the REST API (/api/v1, docs at /docs) and the web app (/)."""
    url = database_url(database)
    open_register(url).dispose()  # fail early and clearly on a bad or empty database
    typer.echo(f"Serving {shown(url)} at http://{host}:{port}/ (API docs at /docs)")
    run(url, host, port, workers)


def run(url: str, host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    # Workers are separate processes: they build the app from the environment.
    os.environ["AMANAT_DATABASE_URL"] = url
    uvicorn.run(
        "amanat.service.asgi:app",
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,  # request paths can carry names typed in a search
    )
