"""The `amanat` command: one entry point, a sub-command per job.

Each command's module is imported only when that command runs (or when help lists it):
the analyses behind some commands import lifelines, igraph, scipy and pandas, and
importing every module up front cost each call of `amanat node list` six seconds.
``COMMANDS`` is the one table of what exists; adding a command is adding a row.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from amanat.cli import help_language, language

# name -> "module:attribute"; a Typer attribute is a group of sub-commands, a function is
# one command.
COMMANDS: dict[str, str] = {
    "init": "database:init",
    "stats": "database:stats",
    "submit": "submit:submit_command",
    "import": "intake:import_command",
    "export": "exchange:export_command",
    "pipeline": "analyze:pipeline_command",
    "flows": "analyze:flows_command",
    "network": "analyze:network_command",
    "report": "analyze:report_command",
    "stats-publish": "analyze:stats_publish_command",
    "demo-data": "demo:demo_data",
    "demo": "demo:demo",
    "serve": "serve:serve",
    "backup": "backup:backup_command",
    "restore": "backup:restore_command",
    "screen": "resolve:screen_command",
    "vocab": "vocab:app",
    "names": "names:app",
    "resolve": "resolve:app",
    "org": "accounts:org_app",
    "user": "accounts:user_app",
    "token": "accounts:token_app",
    "group": "accounts:group_app",
    "access": "accounts:access_app",
    "audit": "audit:app",
    "services": "services:app",
    "vault": "vault:app",
    "node": "node:app",
    "federation": "node:federation_app",
    "discover": "discovery:discover_command",
    "discovery": "discovery:app",
    "rfi": "information_requests:app",
    "reports": "reports:app",
}


def load(name: str) -> TyperGroup | TyperCommand:
    """The command for ``name``, built from its module on first use."""
    module_name, attribute = COMMANDS[name].split(":")
    target = getattr(importlib.import_module(f"amanat.cli.{module_name}"), attribute)
    command: TyperGroup | TyperCommand
    if isinstance(target, typer.Typer):
        command = typer.main.get_group(target)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name)(target)
        built = typer.main.get_command(single)
        assert isinstance(built, TyperCommand)
        command = built
    command.name = name
    help_language.translate(command, language.language())
    return command


class LazyCommands(dict[str, Any]):
    """The group's commands by name, each loaded the first time it is looked up.

    A dict, because click and the route-table tests read ``group.commands`` as one.
    """

    def __init__(self) -> None:
        super().__init__(dict.fromkeys(COMMANDS))

    def __getitem__(self, name: str) -> Any:
        command = super().__getitem__(name)
        if command is None:
            command = load(name)
            super().__setitem__(name, command)
        return command

    def get(self, name: str, default: Any = None) -> Any:
        if name not in self:
            return default
        return self[name]

    def items(self) -> Any:
        for name in self:
            self[name]
        return super().items()

    def values(self) -> Any:
        self.items()
        return super().values()

    def __iter__(self) -> Iterator[str]:
        return iter(list(super().keys()))


class LazyGroup(TyperGroup):
    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.commands = LazyCommands()
        # ``amanat --help`` in $AMANAT_LANG: --help is answered before the callback runs
        # (``--lang``, given, translates it again).
        help_language.speak(language.language())
        help_language.translate(self, language.language())


app = typer.Typer(
    name="amanat",
    cls=LazyGroup,
    help="Amanat: share what you know about trafficking safely, and see where it leads.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals can hold identities
)

# `amanat --lang kk ...`: the language of what the command says to people.
app.callback()(language.start)
