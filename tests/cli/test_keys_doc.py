"""Every command in docs/keys.md, run in the order the page gives them, on the small demo,
as an operator following it would (the key files in a folder of their own)."""

from __future__ import annotations

import shlex
from pathlib import Path

from tests.cli.conftest import KeyRegister
from tests.cli.test_vault import busiest_org

DOC = Path(__file__).parents[2] / "docs" / "keys.md"
EXAMPLE_ORG = "NGO-KZ-SHELTER"


def documented_commands() -> list[list[str]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    return [shlex.split(line) for line in lines if line.startswith("    amanat ")]


def test_the_page_documents_each_key_command() -> None:
    named = {" ".join(command[1:3]) for command in documented_commands()}
    assert named == {
        "vault keygen",
        "audit keygen",
        "vault rotate-master-key",
        "vault rotate-data-key",
        "audit rotate-signing-key",
        "audit verify",
    }


def test_every_command_in_the_page_runs(key_register: KeyRegister) -> None:
    keys = key_register.folder / "etc"
    keys.mkdir()
    code, _ = busiest_org(key_register)
    env: dict[str, str] = {}
    for command in documented_commands():
        arguments = [
            word.replace("/etc/amanat/", f"{keys}/").replace(EXAMPLE_ORG, code)
            for word in command[1:]
        ]
        out = key_register.ok(*arguments, **env)
        # What the page then says to do: give the service the new keys.
        if arguments[:2] == ["audit", "keygen"]:
            env["AMANAT_AUDIT_SIGNING_KEY_FILE"] = arguments[3]
            key_register.ok("audit", "checkpoint", **env)
        if arguments[:2] == ["vault", "rotate-master-key"]:
            env["AMANAT_MASTER_KEY_FILE"] = arguments[3]
        if arguments[:2] == ["audit", "rotate-signing-key"]:
            env["AMANAT_AUDIT_SIGNING_KEY_FILE"] = arguments[4]
            key_register.ok("audit", "checkpoint", **env)
        if arguments[:2] == ["audit", "verify"]:
            assert "Audit trail intact" in out
