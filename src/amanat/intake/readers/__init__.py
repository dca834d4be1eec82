"""Readers, one per kind of file, all giving a ``SourceTable`` of rows."""

from __future__ import annotations

from pathlib import Path

from amanat.intake.problems import IntakeError
from amanat.intake.readers.delimited import DelimitedTable
from amanat.intake.readers.documents import EntityTable, JsonLinesTable, JsonTable
from amanat.intake.readers.table import ReadOptions, SourceRow, SourceTable
from amanat.intake.readers.workbook import WorkbookTable

FORMATS = ("csv", "xlsx", "json", "jsonl", "ftm")
_BY_SUFFIX = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".ftm": "ftm",
}

__all__ = ["FORMATS", "ReadOptions", "SourceRow", "SourceTable", "file_format", "open_table"]


def file_format(path: Path, given: str | None) -> str:
    """The format named in the profile, else told by the file name (``.ftm.json`` and
    ``.ftm.jsonl`` are FollowTheMoney entity streams)."""
    if given:
        return given
    name = path.name.lower()
    if ".ftm." in name or name.endswith(".ftm"):
        return "ftm"
    found = _BY_SUFFIX.get(path.suffix.lower())
    if found is None:
        raise IntakeError("unknown_format", file=path.name)
    return found


def open_table(path: Path, options: ReadOptions) -> SourceTable:
    """Open ``path`` for reading; raises ``IntakeError`` for a file that cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IntakeError("bad_csv", text=f"{path}: {exc.strerror}") from None
    kind = file_format(path, options.format)
    if kind != "xlsx" and size > options.max_bytes:
        raise IntakeError("too_large", limit=f"{options.max_bytes >> 20} MiB")
    if kind == "csv":
        return DelimitedTable(path, options)
    if kind == "xlsx":
        return WorkbookTable(path, options)
    if kind == "json":
        return JsonTable(path, options)
    if kind == "jsonl":
        return JsonLinesTable(path, options)
    if kind == "ftm":
        return EntityTable(path, options)
    raise IntakeError("unknown_format", file=path.name)
