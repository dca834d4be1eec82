"""Every command in docs/federation.md, run in the order the page gives them, on a new
register, as an operator following it would (the key file in a folder of its own)."""

from __future__ import annotations

import shlex
from pathlib import Path

from tests.cli.test_node import ok

DOC = Path(__file__).parents[2] / "docs" / "federation.md"
DOCUMENTED_KEY_FILE = "/etc/amanat/node.pem"


def documented_commands() -> list[list[str]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    return [shlex.split(line) for line in lines if line.startswith("    amanat ")]


def test_the_page_documents_each_node_command() -> None:
    named = {" ".join(command[1:3]) for command in documented_commands()}
    assert {"node init", "node add", "node list", "federation export", "federation status"} <= named


def test_the_documented_commands_work_in_order(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    ok(database, "init", cwd=tmp_path)
    keys = tmp_path / "keys"
    keys.mkdir()
    said = ""
    for command in documented_commands():
        arguments = [str(keys / "node.pem") if a == DOCUMENTED_KEY_FILE else a for a in command]
        said = ok(database, *arguments[1:], cwd=tmp_path)
        if command[1:3] == ["node", "init"]:
            assert "Public key (give it to the peers): " in said
    assert (keys / "node.pem").stat().st_mode & 0o077 == 0
    # What the page says the list shows, after its last command: the group's new member.
    listed = ok(database, "node", "list", cwd=tmp_path)
    for name in ("KZ", "HUB", "KG", "https://amanat.kg.example:8443"):
        assert name in listed
