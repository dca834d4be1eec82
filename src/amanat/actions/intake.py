"""Importing a file through a mapping profile, from every door: a check (a dry run)
and the import, each for the caller's own organisation, in the door's transaction.

The loader (``intake.loader``) does the work inside a savepoint of that transaction;
a file with bad rows raises ``ImportRefused`` (carrying every bad cell) with nothing
of it left, and the adapter renders the cells — as a 422, a form, or an exit.  A
check never writes: its savepoint is rolled back whatever it finds, so the caller's
transaction is as it was.  Only an import that wrote is audited ("import").

Where the file comes from is the adapter's: a path on the command line, or the
caller's own upload (``actions.uploads``) in the web app and the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from amanat import metrics
from amanat.access.models import User
from amanat.access.roles import Permission
from amanat.actions.door import Context, Scope, action
from amanat.intake.loader import ImportRefused, ImportRequest, ImportResult, Progress, import_rows
from amanat.intake.problems import IntakeError
from amanat.intake.profile import BUILT_IN, Profile, load_profile, read_profile
from amanat.intake.profile import MARKING_FIELDS as PROFILE_MARKING
from amanat.language.i18n import LANGUAGES
from amanat.register import Organisation

__all__ = ["ImportRefused", "ImportRequest", "ImportResult", "check_import", "run_import"]

MAX_PROFILE_CHARS = 200_000
MAX_ERRORS = 1000
# What the importer may choose over the profile's marking.
MARKING_FIELDS = (*PROFILE_MARKING, "group")


def _organisation(ctx: Context, profile: Profile) -> Organisation:
    """The caller's organisation, which every imported record is asserted by; a
    profile written for another organisation is refused."""
    user = ctx.actor.signed_in
    org = ctx.session.get(Organisation, user.org_id)
    assert org is not None  # a user belongs to a registered organisation
    if profile.organisation is not None and profile.organisation != org.code:
        raise IntakeError(
            "organisation_mismatch",
            profile=profile.organisation,
            user=user.username,
            actual=org.code,
        )
    return org


@action(
    "import.check",
    "Check a file of one's own through a mapping profile exactly as an import would, "
    "and say what it would write (a dry run); nothing is written",
    scope=Scope.own_organisation,
    permission=Permission.create,
    unaudited_because="nothing is written, and the file is matched only against the "
    "caller's own organisation's records",
)
def check_import(
    ctx: Context, request: ImportRequest, progress: Progress | None = None
) -> ImportResult:
    """Raises ``ImportRefused`` for bad rows, ``IntakeError`` for a file or profile
    that cannot be imported at all."""
    org = _organisation(ctx, request.profile)
    return import_rows(
        ctx.session, org, request, master=ctx.master_key, dry_run=True, progress=progress
    )


@action(
    "import.run",
    "Import a file of one's own through a mapping profile for one's own organisation: "
    "every row, or none; re-imported records are updated",
    scope=Scope.own_organisation,
    permission=Permission.create,
    audit="import",
)
def run_import(
    ctx: Context, request: ImportRequest, progress: Progress | None = None
) -> ImportResult:
    """Raises ``ImportRefused`` for bad rows (nothing written, nothing audited),
    ``IntakeError`` for a file or profile that cannot be imported at all."""
    org = _organisation(ctx, request.profile)
    result = import_rows(ctx.session, org, request, master=ctx.master_key, progress=progress)
    ctx.audit(
        file=request.path.name,
        format=result.description,
        rows=result.rows,
        created=result.created,
        updated=result.updated,
    )
    metrics.on_commit(ctx.session, metrics.IMPORT_ROWS, result.rows)
    return result


@action(
    "import.profiles",
    "The names of the built-in mapping profiles",
    scope=Scope.anyone,
    read_only=True,
    unaudited_because="names of profiles that ship with Amanat, no record",
)
def built_in_profiles(ctx: Context) -> list[str]:
    return list(BUILT_IN)


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


def import_request(
    path: Path, profile: Profile, marking: Mapping[str, str | None], max_errors: int = MAX_ERRORS
) -> ImportRequest:
    """An import of ``path``; ``marking``: the importer's choices over the profile's
    (``None``: the profile's)."""
    chosen = profile.marking.replaced(**{k: marking.get(k) for k in MARKING_FIELDS})
    return ImportRequest(path, profile, chosen, max_errors)


def message_language(user: User, given: str | None) -> str:
    """Messages in the language asked for, else the user's, else English."""
    for lang in (given, user.language):
        if lang in LANGUAGES:
            return str(lang)
    return "en"


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
