"""Write an export of what a viewer may see, in the caller's transaction, as a file
that exists only once that transaction has committed.

The file is written under a temporary name beside the one asked for.  It takes its
name when the transaction commits — with the audit entry the caller (the action
``export.run``) appends to it — and is deleted if the transaction rolls back, so no
export exists that the audit trail does not show, and a failed export leaves no
half-written file.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from amanat.access.vault import MasterKey
from amanat.access.visibility import Viewer
from amanat.exchange.identities import IdentityRelease
from amanat.exchange.scope import ExportScope

Tick = Callable[[int], None]
Writer = Callable[[ExportScope, Path, Tick | None], int]


class ExportFormat(StrEnum):
    ftm = "ftm"
    htcds = "htcds"
    ctdc = "ctdc"
    glotip = "glotip"
    xlsx = "xlsx"
    json = "json"
    stix = "stix"


FORMATS = tuple(f.value for f in ExportFormat)
SUFFIXES = {
    "ftm": ".ftm.jsonl",
    "htcds": ".htcds.zip",  # the 2.0 table and Amanat's extension beside it
    "ctdc": ".ctdc.zip",  # the table and what k-anonymity changed in it
    "glotip": ".glotip.csv",
    "xlsx": ".xlsx",
    "json": ".json",
    "stix": ".stix.json",
}
MEDIA_TYPES = {
    "ftm": "application/x-ndjson",
    "htcds": "application/zip",
    "ctdc": "application/zip",
    "glotip": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "stix": "application/stix+json;version=2.1",
}


def default_name(format: str) -> str:
    """The file name an export gets unless one is chosen: ``amanat-ftm-2024-05-01.ftm.jsonl``."""
    return f"amanat-{format}-{dt.date.today().isoformat()}{SUFFIXES[format]}"


@dataclass(frozen=True)
class ExportRequest:
    format: str
    output: Path
    lang: str = "en"
    k: int = 11  # CTDC: every combination of quasi-identifiers has at least k rows
    identities_for: str | None = None  # a consent purpose: release identities for it


@dataclass
class ExportResult:
    output: Path  # where the file is once the transaction has committed
    format: str
    rows: int
    kinds: dict[str, int] = field(default_factory=dict)
    identities_released: int = 0


# Each format's writer: (module of amanat.exchange, function).
WRITERS = {
    "ftm": ("ftm", "write_ftm_file"),
    "htcds": ("htcds", "write_htcds"),
    "ctdc": ("ctdc", "write_ctdc"),
    "glotip": ("glotip", "write_glotip"),
    "xlsx": ("workbook", "write_workbook"),
    "json": ("json_export", "write_json"),
    "stix": ("stix", "write_stix"),
}


def writer_for(name: str, k: int) -> Writer:
    """The writer of format ``name``, only its module imported: GLOTIP's disclosure
    control loads scipy, which would add 0.4 s to every other export."""
    module, function = WRITERS[name]
    write = getattr(importlib.import_module(f"amanat.exchange.{module}"), function)
    if name == "ctdc":  # the one that takes k
        return lambda scope, path, tick: write(scope, path, k, tick)
    found: Writer = write
    return found


def write_export(
    session: Session,
    viewer: Viewer,
    request: ExportRequest,
    master: MasterKey | None = None,
    tick: Tick | None = None,
) -> ExportResult:
    """Write what ``viewer`` may see; the file is at ``request.output`` once
    ``session``'s transaction commits, and gone if it rolls back.  The caller appends
    the audit entry to the same transaction.  ``master``: the vault's key, needed only
    to release identities (``identities_for``).  ``ValueError`` for an unknown format."""
    if request.format not in FORMATS:
        raise ValueError(f"format {request.format!r} is not one of {', '.join(FORMATS)}")
    output = request.output
    partial = output.with_name(f".{output.name}.partial")
    scope = ExportScope(session, viewer, request.lang)
    if request.identities_for is not None:
        scope.release = IdentityRelease(session, viewer, master, request.identities_for)
    try:
        rows = writer_for(request.format, request.k)(scope, partial, tick)
        _publish_on_commit(session, partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    released = scope.release.released if scope.release else 0
    return ExportResult(output, request.format, rows, dict(scope.exported), released)


# Files written in a transaction, waiting for its commit: (temporary name, final name).
_WAITING = "amanat.export.waiting"


def _publish_on_commit(session: Session, partial: Path, output: Path) -> None:
    if session.get_nested_transaction() is not None:
        # A savepoint's rollback would undo the audit entry but not the file.
        raise RuntimeError("an export is not written inside a savepoint")
    session.info.setdefault(_WAITING, []).append((partial, output))


@event.listens_for(Session, "after_commit")
def _publish(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint released, not the transaction committed
    waiting: list[tuple[Path, Path]] = session.info.pop(_WAITING, [])
    try:
        for partial, output in waiting:
            os.replace(partial, output)
    finally:
        for partial, _ in waiting:
            partial.unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _discard(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    # Still waiting when the transaction ends: it was rolled back.
    for partial, _ in session.info.pop(_WAITING, []):
        partial.unlink(missing_ok=True)
