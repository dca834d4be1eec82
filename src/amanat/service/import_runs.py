"""What imports and exports need of the web app and the API that the actions do not
know: the staging area the service's settings name, a private scratch file for an
export on its way to the browser, and the download answer.

The work itself — checks, the one transaction, the audit entry — is the actions'
(``actions.intake``, ``actions.uploads``, ``actions.exports``), the same from every
door.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from amanat.exchange.export import MEDIA_TYPES, ExportResult, default_name
from amanat.intake.staging import StagingArea, default_root
from amanat.service.settings import ServiceSettings


def staging(request: Request) -> StagingArea:
    settings: ServiceSettings = request.app.state.settings
    root = Path(settings.upload_dir) if settings.upload_dir else default_root()
    return StagingArea(root, settings.upload_max_mb * 1024 * 1024)


@contextmanager
def export_file(request: Request, format: str) -> Iterator[Path]:
    """A path in a private folder of its own for one export; the folder is deleted if
    the export fails, and after sending (``download``) if it succeeds."""
    folder = staging(request).scratch() / secrets.token_urlsafe(16)
    folder.mkdir(mode=0o700)
    try:
        yield folder / default_name(format)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def download(result: ExportResult) -> FileResponse:
    """The export as a file to save, deleted with its folder once sent."""
    headers = {"X-Amanat-Rows": str(result.rows), "Cache-Control": "no-store"}
    return FileResponse(
        result.output,
        media_type=MEDIA_TYPES[result.format],
        filename=result.output.name,
        headers=headers,
        background=BackgroundTask(shutil.rmtree, result.output.parent, ignore_errors=True),
    )
