"""Babel's extraction method for the command line's help: what ``amanat … --help`` shows.

Typer takes a command's help from its function's docstring and an option's from its
``help=``; marking each of some 300 texts with ``N_`` would put a call in every
declaration, and docstrings cannot be marked at all.  So the help is found where Typer
finds it, in the source: every ``help=`` given as text (implicit concatenation and
f-strings of the module's own text constants included), and the docstring of every
function that is a command (decorated ``….command``/``….callback``, or named in
``amanat.cli.main.COMMANDS``).  The msgid is the text as Click shows it
(``inspect.cleandoc``); ``amanat.cli.help_language`` looks it up the same way.
The file is only parsed, never imported: the language layer stays below the CLI.
The messages the Python extractor finds in the same file (``_()``, ``N_()``) are
yielded too, since Babel uses one method per file.
"""

from __future__ import annotations

import ast
import inspect
import io
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import IO

from babel.messages.extract import extract_python

Found = tuple[int, str, str, list[str]]
MAIN = "main.py"


def cleaned(text: str) -> str:
    """A help text as Click shows it: indentation and surrounding blank lines gone."""
    return inspect.cleandoc(text)


def _constants(tree: ast.Module) -> dict[str, str]:
    """The module's ``NAME = "text"`` assignments, for f-strings that use them."""
    found = {}
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)):
            continue
        if isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def _text(node: ast.expr, constants: dict[str, str]) -> str | None:
    """The text of a help given as a literal, or an f-string of known constants."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            elif (
                isinstance(value, ast.FormattedValue)
                and isinstance(value.value, ast.Name)
                and value.value.id in constants
                and value.conversion == -1
                and value.format_spec is None
            ):
                parts.append(constants[value.value.id])
            else:
                return None
        return "".join(parts)
    return None


@cache
def commands_of(cli_dir: Path) -> frozenset[tuple[str, str]]:
    """(module, function) of every command named in ``main.COMMANDS``."""
    tree = ast.parse((cli_dir / MAIN).read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "COMMANDS" for t in targets):
                values = (v.value for v in node.value.values if isinstance(v, ast.Constant))
                return frozenset(tuple(str(v).split(":", 1)) for v in values)  # type: ignore[misc]
    return frozenset()


def _is_command(function: ast.FunctionDef, module: str, named: frozenset[tuple[str, str]]) -> bool:
    for decorator in function.decorator_list:
        called = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(called, ast.Attribute) and called.attr in ("command", "callback"):
            return True
    return (module, function.name) in named


def help_texts(source: str, module: str, named: frozenset[tuple[str, str]]) -> Iterator[Found]:
    """(line, "", msgid, []) for each help text of a CLI module's source."""
    tree = ast.parse(source)
    constants = _constants(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in ("help", "short_help"):
                    text = _text(keyword.value, constants)
                    if text and text.strip():
                        yield keyword.value.lineno, "", cleaned(text), []
        elif isinstance(node, ast.FunctionDef) and _is_command(node, module, named):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.lineno, "", cleaned(doc), []


def extract_command_help(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[object, ...]]:
    """Babel's extraction method for ``cli/**.py``: the marked messages (Babel's
    Python method's tuples) and the help."""
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)  # type: ignore[arg-type]
    path = Path(str(getattr(fileobj, "name", MAIN)))
    named = commands_of(path.parent) if (path.parent / MAIN).exists() else frozenset()
    yield from help_texts(source.decode("utf-8"), path.stem, named)
