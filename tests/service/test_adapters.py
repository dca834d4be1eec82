"""The front doors only adapt the actions layer (issue 13): no API route, web page or
command checks a permission or writes an audit entry itself, and the actions layer
never reaches back into a front door.

Read from the source, so a new module is covered the day it is written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "amanat"
ADAPTERS = [SRC / "service" / "api", SRC / "service" / "web", SRC / "cli"]
# Calls that decide or record on their own: the door's to make.
FORBIDDEN_CALLS = {
    "require": "checks a permission itself (the door does)",
    "can": "decides a permission itself (use door.allowed to offer a form)",
    "require_role": "checks a role itself",
    "append": "writes an audit entry itself",
    "append_many": "writes an audit entry itself",
}
FORBIDDEN_IMPORTS = {
    "amanat.access.audit_store": "writes or reads the audit trail outside an action",
}


def _modules(folders: list[Path]) -> list[Path]:
    return sorted(path for folder in folders for path in folder.rglob("*.py"))


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "amanat.access.roles"
        for alias in node.names
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _called_name(node)
            if (
                name in ("require", "can")
                and name not in imported
                and isinstance(node.func, ast.Name)
            ):
                continue  # a local function of the same name, not the roles' check
            if name in ("append",) and not (
                isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit_store"
            ):
                continue  # list.append
            if name in FORBIDDEN_CALLS:
                found.append(
                    f"{path.relative_to(SRC)}:{node.lineno} {name}(): {FORBIDDEN_CALLS[name]}"
                )
        if isinstance(node, ast.ImportFrom | ast.Import):
            names = (
                [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            )
            if isinstance(node, ast.ImportFrom) and node.module == "amanat.access":
                names = [f"amanat.access.{a.name}" for a in node.names]
            for name in names:
                if name in FORBIDDEN_IMPORTS:
                    where = f"{path.relative_to(SRC)}:{node.lineno}"
                    found.append(f"{where} imports {name}: {FORBIDDEN_IMPORTS[name]}")
    return found


def test_no_front_door_checks_a_permission_or_writes_the_trail_itself() -> None:
    problems = [p for path in _modules(ADAPTERS) for p in _problems(path)]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("path", _modules([SRC / "actions"]), ids=lambda p: p.name)
def test_the_actions_layer_never_imports_a_front_door(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom | ast.Import):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
            )
            for name in names:
                assert not name.startswith(
                    ("amanat.service", "amanat.cli", "fastapi", "starlette")
                ), f"{path.name} imports {name}"
