"""The `amanat` command loads only the module of the command that runs."""

from __future__ import annotations

import subprocess
import sys

from amanat.cli.main import COMMANDS

PROBE = """
import sys
from typer.testing import CliRunner
from amanat.cli.main import app
result = CliRunner().invoke(app, [*{words}, "--help"])
assert result.exit_code == 0, result.output
print(" ".join(sorted(name for name in sys.modules if name.startswith("amanat.cli."))))
print("lifelines" in sys.modules, "igraph" in sys.modules)
"""


def _loaded(*words: str) -> tuple[set[str], str]:
    code = PROBE.format(words=repr(list(words)))
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules, heavy = ran.stdout.splitlines()
    return set(modules.split()), heavy


def test_a_command_loads_its_own_module_and_not_the_analyses() -> None:
    modules, heavy = _loaded("node", "list")
    assert "amanat.cli.node" in modules
    assert "amanat.cli.analyze" not in modules
    assert "amanat.cli.accounts" not in modules
    assert heavy == "False False"


def test_the_list_of_commands_loads_every_module() -> None:
    modules, _ = _loaded()
    expected = {f"amanat.cli.{target.split(':')[0]}" for target in COMMANDS.values()}
    assert expected <= modules
