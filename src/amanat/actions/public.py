"""What anyone may ask, signed in or not: whether the service runs, its API's
documentation, and the files every page loads."""

from __future__ import annotations

from sqlalchemy import text

from amanat import __version__
from amanat.actions.door import Context, Scope, action

NOTHING_PRIVATE = "it shows nothing about any record or person"


@action(
    "service.health",
    "Whether the service and its database answer, and the version",
    scope=Scope.anyone,
    read_only=True,
    unaudited_because=NOTHING_PRIVATE,
)
def health(ctx: Context) -> str:
    ctx.session.execute(text("SELECT 1"))
    return __version__


@action(
    "service.documentation",
    "The REST API's OpenAPI description and its browsable documentation",
    scope=Scope.anyone,
    read_only=True,
    unaudited_because=NOTHING_PRIVATE,
)
def documentation(ctx: Context) -> None:
    """Nothing to do but be declared: the adapter serves the description."""


@action(
    "service.assets",
    "The scripts, styles, fonts and pictures the pages load (served by the app itself)",
    scope=Scope.anyone,
    read_only=True,
    unaudited_because=NOTHING_PRIVATE,
)
def assets(ctx: Context) -> None:
    """Nothing to do but be declared: the adapter serves the files."""
