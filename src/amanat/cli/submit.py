"""`amanat submit`: write a JSON submission in one transaction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.intake.submission import SubmissionError, submit


def submit_command(
    file: Annotated[Path, typer.Argument(help="JSON submission (see docs/submissions.md).")],
    database: DatabaseOption = None,
) -> None:
    """Submit records from a JSON file: all are written, or none."""
    try:
        document = json.loads(file.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        fail(f"cannot read {file}: {exc}")
    if not isinstance(document, dict):
        fail(f"{file}: a submission is a JSON object")
    engine = open_register(database)
    try:
        result = submit(engine, document)
    except SubmissionError as exc:
        fail(f"submission rejected, nothing written — {exc}")
    created = ", ".join(f"{n} {kind}" for kind, n in result.created.items())
    typer.echo(f"Submitted by {result.organisation}: {created}")
