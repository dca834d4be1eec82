"""Imports and exports for the API and the web app: the command line's own functions
(``intake.loader.import_file``, ``exchange.export.run_export``) run as the signed-in
user, over a file kept in the staging area.

Nothing here checks or writes records itself: validation, the one transaction,
provenance, marking, the sharing layer and the audit entry are the loader's and the
exporter's, so an import or export behaves the same from every door.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from amanat.access.vault import MasterKey
from amanat.exchange.export import SUFFIXES, ExportRequest, ExportResult, run_export
from amanat.intake.loader import ImportRequest, ImportResult, import_file
from amanat.intake.problems import LANGUAGES, IntakeError
from amanat.intake.profile import BUILT_IN, Profile, load_profile, read_profile
from amanat.intake.profile import MARKING_FIELDS as PROFILE_MARKING
from amanat.intake.report import write_error_report
from amanat.intake.suggest import suggest_profile
from amanat.service.deps import Caller
from amanat.service.master_key import app_master_key
from amanat.service.settings import ServiceSettings
from amanat.service.staged_files import StagedFile, StagingArea, default_root

MAX_PROFILE_CHARS = 200_000
MAX_ERRORS = 1000
MARKING_FIELDS = (*PROFILE_MARKING, "group")
MEDIA_TYPES = {
    "ftm": "application/x-ndjson",
    "htcds": "text/csv",
    "ctdc": "text/csv",
    "glotip": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def staging(request: Request) -> StagingArea:
    settings: ServiceSettings = request.app.state.settings
    root = Path(settings.upload_dir) if settings.upload_dir else default_root()
    return StagingArea(root, settings.upload_max_mb * 1024 * 1024)


def master_key(request: Request) -> MasterKey | None:
    """The app's master key (``app_master_key``)."""
    return app_master_key(request.app)


def language(caller: Caller, given: str | None) -> str:
    """Messages in the language asked for, else the user's, else English."""
    for lang in (given, caller.user.language):
        if lang in LANGUAGES:
            return str(lang)
    return "en"


@dataclass(frozen=True)
class Who:
    """The caller as plain values: the import runs in its own transaction, after the
    request's session has let go of its connection."""

    username: str
    user_id: int

    @classmethod
    def of(cls, caller: Caller, session: Session) -> Who:
        who = cls(caller.user.username, caller.user.id)
        session.commit()
        return who


def suggestion(staged: StagedFile) -> str:
    """A draft profile for the file, or "" when none can be guessed."""
    try:
        return suggest_profile(staged.path)
    except IntakeError:
        return ""


def profile_from(text: str) -> Profile:
    """A built-in profile by name (``ftm``), or a profile written out as YAML;
    ``IntakeError`` says what is wrong with it."""
    text = text.strip()
    if text in BUILT_IN:
        return load_profile(text)
    if not text:
        raise IntakeError("bad_profile", text="give a profile")
    if len(text) > MAX_PROFILE_CHARS:
        raise IntakeError("bad_profile", text=f"longer than {MAX_PROFILE_CHARS:,} characters")
    return read_profile(text)


def run_import(
    request: Request,
    who: Who,
    staged: StagedFile,
    profile: Profile,
    marking: Mapping[str, str | None],
    dry_run: bool,
    lang: str,
) -> ImportResult:
    """Check (``dry_run``) or import the staged file as ``who``; the error report of a
    file with bad rows is kept beside it for download."""
    chosen = profile.marking.replaced(**{k: marking.get(k) for k in MARKING_FIELDS})
    job = ImportRequest(
        staged.path, profile, who.username, dry_run, chosen, master_key(request), MAX_ERRORS
    )
    result = import_file(request.app.state.engine, job)
    if result.errors:
        write_error_report(staged.errors, result.errors, lang)
    else:
        staged.errors.unlink(missing_ok=True)
    return result


def counts(result: ImportResult) -> dict[str, dict[str, int]]:
    return {
        kind: {"created": c.created, "updated": c.updated, "sealed": c.sealed}
        for kind, c in result.counts.items()
    }


def samples(result: ImportResult) -> list[dict[str, Any]]:
    """The first rows of each kind as they would be written; a protected identity is
    never shown, only that there is one."""
    found = []
    for kind, drafts in result.samples.items():
        for draft in drafts:
            fields = {k: str(v) for k, v in draft.values.items() if v is not None}
            for relation, parts in draft.parts.items():
                fields[relation] = "; ".join(
                    ", ".join(f"{k}={v}" for k, v in part.items() if v is not None)
                    for part in parts
                )
            if draft.birth is not None:
                fields["birth_date"] = str(draft.birth)
            found.append(
                {
                    "kind": kind,
                    "row": draft.row,
                    "id": draft.external_id,
                    "fields": fields,
                    "identity": "sealed" if draft.has_identity else None,
                }
            )
    return found


def export_file(
    request: Request,
    who: Who,
    format: str,
    lang: str,
    k: int,
    identities_for: str | None,
) -> ExportResult:
    """Export what ``who`` may see into a private scratch file (audited); the caller
    sends it and deletes it."""
    folder = staging(request).scratch() / secrets.token_urlsafe(16)
    folder.mkdir(mode=0o700)
    job = ExportRequest(
        format,
        folder / f"amanat-{format}{SUFFIXES[format]}",
        who.username,
        lang=lang,
        k=k,
        identities_for=identities_for,
        master=master_key(request) if identities_for else None,
    )
    try:
        return run_export(request.app.state.engine, job)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def remove_export(path: Path) -> None:
    """Delete a sent export with its private folder."""
    shutil.rmtree(path.parent, ignore_errors=True)


def download_name(format: str) -> str:
    return f"amanat-{format}-{dt.date.today().isoformat()}{SUFFIXES[format]}"
