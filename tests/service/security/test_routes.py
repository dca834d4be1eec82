"""Every door is bound to declared actions (issue 13): each route the app serves (API,
web pages, mounts) names the actions it calls with ``binds``, and each command of the
command line does too, or is listed here as taking no user action, with the reason.

One failure lists everything unbound, so the list is the work left.
"""

from __future__ import annotations

from tests.service.security.surface import commands, load_actions, served, table_app

from amanat.actions.door import REGISTRY, bound_to
from amanat.cli.main import app as cli_app

# Commands that act for no user on no register data: nothing for the door to check.
NO_USER_ACTION: dict[str, str] = {
    "init": "creates or upgrades the database's tables, before any organisation exists",
    "demo-data": "builds a demo region of invented records in a database of its own",
    "demo": "builds the demo region and serves it; each request then goes through the door",
    "serve": "starts the web server; each request then goes through the door",
    "names compare": "compares two names given on the command line; reads no register",
    "vocab list": "lists the vocabularies shipped with the code; reads no register",
    "vocab show": "prints a vocabulary shipped with the code; reads no register",
    "audit keygen": "writes a new signing key pair to files; reads no register",
    "vault keygen": "writes a new master key to a file; reads no register",
    "access permissions": "prints the permission table, which is code; reads no register",
}


def test_the_route_table_is_read_whole() -> None:
    """The enumeration itself: API routes, web pages and the static mount are all in
    it (a change of FastAPI's route table would otherwise empty the test below)."""
    names = {route.name for route in served(table_app())}
    for expected in (
        "GET /api/v1/cases/{record_id}",
        "DELETE /api/v1/victims/{record_id}",
        "POST /login",
        "GET /admin/users",
        "GET /static/{path}",
        "GET /api/v1/openapi.json",
    ):
        assert expected in names, expected
    assert len(names) > 250


def test_every_route_is_bound_to_declared_actions() -> None:
    load_actions()
    unbound, undeclared = [], []
    for route in served(table_app()):
        names = bound_to(route.endpoint)
        if not names:
            unbound.append(route.name)
        undeclared += [f"{route.name}: {name}" for name in names if name not in REGISTRY]
    problems = [f"{len(unbound)} routes bound to no action:", *sorted(unbound)] if unbound else []
    if undeclared:
        problems += ["routes bound to undeclared actions:", *sorted(undeclared)]
    assert not problems, "\n".join(problems)


def test_every_command_is_bound_or_takes_no_user_action() -> None:
    load_actions()
    found = list(commands(cli_app))
    words = {command.words for command in found}
    unbound, stale, undeclared = [], [], []
    for command in found:
        names = bound_to(command.callback)
        undeclared += [f"{command.words}: {name}" for name in names if name not in REGISTRY]
        if command.words in NO_USER_ACTION:
            if names:
                stale.append(f"{command.words} (bound to {', '.join(names)})")
        elif not names:
            unbound.append(command.words)
    stale += [f"{words_} (no such command)" for words_ in NO_USER_ACTION if words_ not in words]
    problems = []
    if unbound:
        problems += [f"{len(unbound)} commands bound to no action:", *sorted(unbound)]
    if stale:
        problems += ["listed as taking no user action, wrongly:", *sorted(stale)]
    if undeclared:
        problems += ["commands bound to undeclared actions:", *sorted(undeclared)]
    assert not problems, "\n".join(problems)
