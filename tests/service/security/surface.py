"""The whole surface a user reaches: every route the app serves (API and web, from
its route table, mounts included) and every command of the command line.

Both the route-enumeration tests and the authorisation matrix read the surface from
here, so a route added anywhere is in both at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import typer
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.routing import Mount

from amanat.actions.catalogue import load_all
from amanat.service.app import create_app
from amanat.service.settings import ServiceSettings

# HEAD answers like GET (Starlette adds it to every GET route): not a route of its own.
SKIPPED_METHODS = frozenset({"HEAD"})


@dataclass(frozen=True)
class Served:
    """One method of one route, as the app's route table declares it."""

    method: str
    path: str  # as declared: "/api/v1/cases/{record_id}", "/cases/{record_id:int}"
    endpoint: Any  # the handler, or the mounted app (``/static``)
    mounted: bool = False

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"


def load_actions() -> None:
    """Every action in the registry (``amanat.actions.catalogue``)."""
    load_all()


@cache
def table_app() -> FastAPI:
    """An app to read the route table from (it opens no database until it starts)."""
    return create_app(settings=ServiceSettings(secret_key="route-table", secure_cookies=False))


def served(app: FastAPI) -> list[Served]:
    """Every route and method the app serves, mounts as a GET of their files."""
    found: list[Served] = []
    for context in iter_route_contexts(app.routes):
        route = getattr(context, "route", None)
        path = str(context.path)
        if isinstance(route, Mount):
            found.append(Served("GET", f"{path}/{{path}}", route.app, mounted=True))
            continue
        for method in sorted(set(context.methods or ()) - SKIPPED_METHODS):
            found.append(Served(method, path, context.endpoint))
    return found


def mounted_file(endpoint: Any) -> str:
    """A file the mounted static app serves (the first, by name)."""
    directory = Path(str(endpoint.directory))
    return sorted(p.name for p in directory.iterdir() if p.is_file())[0]


@dataclass(frozen=True)
class Command:
    words: str  # "audit verify"
    callback: Callable[..., Any] | None


def commands(app: typer.Typer) -> Iterator[Command]:
    """Every leaf command of a Typer app, by the words that call it."""
    yield from _walk(typer.main.get_command(app), [])


def _walk(command: Any, words: list[str]) -> Iterator[Command]:
    children = getattr(command, "commands", None)
    if isinstance(children, dict):
        for name, child in sorted(children.items()):
            yield from _walk(child, [*words, name])
        return
    yield Command(" ".join(words), command.callback)
