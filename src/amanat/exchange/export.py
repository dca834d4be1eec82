"""Run an export as a named user: permission checked, what the user may see read
through the access layer, the file written, and the export audited.

The file is written under a temporary name and moved into place only after the
audit entry is committed, so no export exists that the audit trail does not show,
and a failed export leaves no half-written file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine

from amanat.access import audit_store
from amanat.access.accounts import user_by_name
from amanat.access.roles import Permission, Role, require
from amanat.access.vault import MasterKey
from amanat.access.visibility import Viewer
from amanat.exchange.identities import IdentityRelease
from amanat.exchange.scope import ExportScope
from amanat.store.engine import session_factory

Tick = Callable[[int], None]
Writer = Callable[[ExportScope, Path, Tick | None], int]


class ExportFormat(StrEnum):
    ftm = "ftm"
    htcds = "htcds"
    ctdc = "ctdc"
    glotip = "glotip"
    xlsx = "xlsx"
    json = "json"


FORMATS = tuple(f.value for f in ExportFormat)
SUFFIXES = {
    "ftm": ".ftm.jsonl",
    "htcds": ".htcds.csv",
    "ctdc": ".ctdc.csv",
    "glotip": ".glotip.csv",
    "xlsx": ".xlsx",
    "json": ".json",
}


@dataclass(frozen=True)
class ExportRequest:
    format: str
    output: Path
    username: str
    lang: str = "en"
    k: int = 11  # CTDC: every combination of quasi-identifiers has at least k rows
    identities_for: str | None = None  # a consent purpose: release identities for it
    master: MasterKey | None = None


@dataclass
class ExportResult:
    output: Path
    format: str
    rows: int
    kinds: dict[str, int] = field(default_factory=dict)
    identities_released: int = 0


def writer_for(name: str, k: int) -> Writer:
    from amanat.exchange import ctdc, glotip, htcds, json_export, workbook
    from amanat.exchange.ftm import write_ftm

    def ftm(scope: ExportScope, path: Path, tick: Tick | None) -> int:
        with path.open("wb") as out:
            return write_ftm(scope, out, tick)

    writers: dict[str, Writer] = {
        "ftm": ftm,
        "htcds": htcds.write_htcds,
        "ctdc": lambda scope, path, tick: ctdc.write_ctdc(scope, path, k, tick),
        "glotip": glotip.write_glotip,
        "xlsx": workbook.write_workbook,
        "json": json_export.write_json,
    }
    return writers[name]


def run_export(engine: Engine, request: ExportRequest, tick: Tick | None = None) -> ExportResult:
    """Export as ``request.username``; raises ``PermissionDenied`` or ``AccountError``."""
    if request.format not in FORMATS:
        raise ValueError(f"format {request.format!r} is not one of {', '.join(FORMATS)}")
    output = request.output
    partial = output.with_name(f".{output.name}.partial")
    with session_factory(engine)() as session:
        session.begin()
        user = user_by_name(session, request.username)
        require(user.role, Permission.export, "records")
        viewer = Viewer(user.id, user.org_id, Role(user.role))
        scope = ExportScope(session, viewer, request.lang)
        if request.identities_for is not None:
            scope.release = IdentityRelease(session, viewer, request.master, request.identities_for)
        try:
            rows = writer_for(request.format, request.k)(scope, partial, tick)
            released = scope.release.released if scope.release else 0
            audit_store.append(
                session,
                "export",
                user_id=user.id,
                org_id=user.org_id,
                detail={
                    "format": request.format,
                    "rows": rows,
                    "file": output.name,
                    "identities": released,
                    **{f"rows_{kind}": n for kind, n in sorted(scope.exported.items())},
                },
            )
            session.commit()
        except BaseException:
            session.rollback()
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, output)
    return ExportResult(output, request.format, rows, dict(scope.exported), released)
