"""Exports over the API: what the caller may see, in the field's formats, as a
download; the same function, permission and audit entry as ``amanat export``.

A POST, not a GET: an export is an audited act, and a browser never sends the
session cookie with a POST from another site (SameSite=Lax), so a link elsewhere
cannot make a signed-in user export.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from amanat.access.roles import Permission
from amanat.service import import_runs
from amanat.service.api.answers import WRITE
from amanat.service.deps import ApiCaller, ApiSessionDep
from amanat.service.import_runs import Who
from amanat.service.schemas.exchange import ExportChoice

router = APIRouter(prefix="/exports", tags=["Export"])
DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The export, as a file to save.",
        "content": {media: {} for media in sorted(set(import_runs.MEDIA_TYPES.values()))},
    }
}


@router.post("", responses={**WRITE, **DOWNLOAD}, response_class=FileResponse)
def export(
    request: Request, session: ApiSessionDep, caller: ApiCaller, body: ExportChoice
) -> Response:
    """FollowTheMoney entities, the HTCDS victim case table, a k-anonymised CTDC
    table, GLOTIP indicators ("<5" for small counts), an XLSX workbook or JSON, of
    the records you may see; audited.  Victims' identities are included only for
    ``identities_for``, to their owner organisation, under the victim's consent."""
    caller.require(Permission.export, "records")
    who = Who.of(caller, session)
    form = body.format.value
    result = import_runs.export_file(request, who, form, body.lang, body.k, body.identities_for)
    return FileResponse(
        result.output,
        media_type=import_runs.MEDIA_TYPES[form],
        filename=import_runs.download_name(form),
        headers={"X-Amanat-Rows": str(result.rows), "Cache-Control": "no-store"},
        background=BackgroundTask(import_runs.remove_export, result.output),
    )
