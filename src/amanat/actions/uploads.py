"""A file uploaded for import, waiting on the server between upload, check and import:
kept, shown, reported on and discarded for its uploader alone.

The staging area (``intake.staging``) is only storage; who may use a waiting file is
decided here: its uploader, and nobody else — anyone else's upload, like one that has
expired, is not found.  The web app and the API hand in the area their settings name.
None of these steps touches the register, so none is audited; the import itself is
(``import.run``).
"""

from __future__ import annotations

from typing import IO

from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.door import Context, Scope, action
from amanat.intake.problems import IntakeError
from amanat.intake.staging import StagedFile, StagedFileMissing, StagingArea
from amanat.intake.suggest import suggest_profile
from amanat.language.i18n import N_

NOT_AUDITED = "the file waits in its uploader's private folder; the register is not touched"


def _own(ctx: Context, area: StagingArea, token: str) -> StagedFile:
    try:
        return area.get(ctx.actor.signed_in.id, token)
    except StagedFileMissing:
        raise NotFound(N_("upload")) from None


@action(
    "import.upload",
    "Keep a file on the server for one's own import (private, for two hours at most)",
    scope=Scope.own_account,
    permission=Permission.create,
    unaudited_because=NOT_AUDITED,
)
def upload(ctx: Context, area: StagingArea, filename: str | None, stream: IO[bytes]) -> StagedFile:
    """``UploadTooLarge`` (and nothing kept) past the area's limit."""
    return area.save(ctx.actor.signed_in.id, filename, stream)


@action(
    "import.uploaded",
    "One's own file waiting for import",
    scope=Scope.own_account,
    permission=Permission.create,
    read_only=True,
    unaudited_because=NOT_AUDITED,
)
def uploaded(ctx: Context, area: StagingArea, token: str) -> StagedFile:
    return _own(ctx, area, token)


@action(
    "import.error_report",
    "The bad cells the last check of one's own waiting file found, as CSV",
    scope=Scope.own_account,
    read_only=True,
    unaudited_because="the caller's own file's cells, in the caller's own folder",
)
def error_report(ctx: Context, area: StagingArea, token: str) -> StagedFile:
    """The waiting file, whose ``errors`` is its report; not found when it has none."""
    staged = _own(ctx, area, token)
    if not staged.errors.is_file():
        raise NotFound(N_("error report"))
    return staged


@action(
    "import.discard",
    "Delete one's own waiting file without importing it",
    scope=Scope.own_account,
    unaudited_because=NOT_AUDITED,
)
def discard(ctx: Context, area: StagingArea, token: str) -> None:
    area.discard(_own(ctx, area, token))


def suggestion(staged: StagedFile) -> str:
    """A draft profile for the file, or "" when none can be guessed."""
    try:
        return suggest_profile(staged.path)
    except IntakeError:
        return ""
