"""How large a request body may be: small for forms and JSON, larger where files or
bulk submissions are expected.

FastAPI reads a form or a JSON body whole, before any dependency has checked who is
asking, so without a limit anyone could make a worker hold and parse a body of any
size.  The app's default is Starlette's ``RequestBodyLimitMiddleware``, added as the
app's own middleware so that its 413 still gets the security headers; FastAPI's
``max_body_size`` raises it per router where uploads come in, and lowers it again on
the small routes of those routers.  An announced ``Content-Length`` over the limit is
refused before a byte is read; a streamed body is refused as soon as it passes the
limit.  Either way the answer is 413.
"""

from __future__ import annotations

from amanat.access.source_files import MAX_FILE_BYTES
from amanat.service.settings import ServiceSettings

MIB = 1024 * 1024
# Every form and JSON body: the largest (an import profile, at most 200,000
# characters) is well inside it.
FORM_OR_JSON = MIB
# A bulk submission (POST /api/v1/records): at most 500 records, about 16 KiB each.
SUBMISSION = 8 * MIB
# Room for the form's other fields and the multipart framing around an uploaded file.
FORM_AROUND_FILE = MIB
# A source document, kept in the database (``access.source_files``).
SOURCE_DOCUMENT = MAX_FILE_BYTES + FORM_AROUND_FILE


def upload(settings: ServiceSettings) -> int:
    """A file for import (``AMANAT_UPLOAD_MAX_MB``); the staging area refuses a file
    over the setting itself, with its own message."""
    return settings.upload_max_mb * MIB + FORM_AROUND_FILE


def for_router(module: str, settings: ServiceSettings) -> int | None:
    """The limit of the router in ``module``, where it differs from the app's."""
    return {
        "amanat.service.api.imports": upload(settings),
        "amanat.service.api.submissions": SUBMISSION,
        "amanat.service.api.reports": SOURCE_DOCUMENT,
        "amanat.service.web.import_pages": upload(settings),
        "amanat.service.web.source_forms": SOURCE_DOCUMENT,
        "amanat.service.web.report_pages": SOURCE_DOCUMENT,
    }.get(module)
