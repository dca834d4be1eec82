"""Exports over the API: what the caller may see, in the field's formats, as a
download; the same action (``export.run``), permission and audit entry as ``amanat
export``.  A POST, not a GET: an export is an audited act, not a page to fetch.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from amanat.actions import exports
from amanat.actions.door import binds
from amanat.exchange.export import MEDIA_TYPES, ExportRequest
from amanat.service import limits
from amanat.service.api.answers import WRITE
from amanat.service.deps import ApiDoor, committed
from amanat.service.import_runs import download, export_file
from amanat.service.schemas.exchange import ExportChoice

router = APIRouter(prefix="/exports", tags=["Export"])
DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The export, as a file to save.",
        "content": {media: {} for media in sorted(set(MEDIA_TYPES.values()))},
    }
}


@router.post("", responses={**WRITE, **DOWNLOAD}, response_class=FileResponse)
@binds(exports.run_export)
def export(request: Request, door: ApiDoor, body: ExportChoice) -> Response:
    """FollowTheMoney entities, the HTCDS victim case table, a k-anonymised CTDC
    table, GLOTIP indicators ("<5" for small counts), an XLSX workbook or JSON, of
    the records you may see; audited.  Victims' identities are included only for
    ``identities_for``, to their owner organisation, under the victim's consent.
    A read-only token may export (it changes nothing; the role needs ``export``)."""
    form = body.format.value
    with export_file(request, form) as path:
        job = ExportRequest(form, path, body.lang, body.k, body.identities_for)
        # The file takes its name when the transaction (with its audit entry) commits.
        return committed(door, download(limits.bounded_export(request, door, job)))
