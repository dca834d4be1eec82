"""Uploading a source document: an agency file, a court decision, an NGO or media
report that records rest on.

The file is fingerprinted (SHA-256) so the same document is recognised when it is
uploaded again; the register keeps the fingerprint and the description, not the
file itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData, UploadFile

from amanat.access.visibility import visible
from amanat.register import Source
from amanat.service.web import form_writes
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.i18n import N_
from amanat.service.web.page import FormRejected, Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "source_form.html"
MAX_BYTES = 200 * 1024 * 1024
CHUNK = 1024 * 1024
SOURCE_FIELDS = ("title", "reference", "published_on", "url", "language")


def _context(page: Page, form: FormInput) -> dict[str, Any]:
    return {"form": form, **form_writes.marking_context(page)}


@router.get("/sources/new")
def source_form(page: SignedIn) -> Response:
    form_writes.may_create(page)
    defaults = {**form_writes.MARKING_DEFAULTS, "source_kind": "agency_record"}
    return page.render(TEMPLATE, _context(page, FormInput.blank(page.lang, defaults)))


def fingerprint(upload: UploadFile) -> tuple[str, int] | None:
    """SHA-256 and size of the upload; None when it is larger than ``MAX_BYTES``."""
    digest, size = hashlib.sha256(), 0
    upload.file.seek(0)
    while chunk := upload.file.read(CHUNK):
        size += len(chunk)
        if size > MAX_BYTES:
            return None
        digest.update(chunk)
    return digest.hexdigest(), size


def _known(page: Page, sha256: str) -> Source | None:
    query = select(Source).where(Source.content_sha256 == sha256, visible(Source, page.user.viewer))
    return page.db.scalars(query.limit(1)).first()


@router.post("/sources/new")
def upload_source(page: SignedIn, data: Form) -> Response:
    form_writes.may_create(page)
    form = FormInput(data, page.lang)

    def rejected(p: Page) -> FormRejected:
        return p.reject(TEMPLATE, _context(p, form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        published = form.date("published_on")
        source: dict[str, Any] = {
            "kind": "source",
            "ref": "source",
            "title": form.text("title", required=True, limit=500),
            "reference": form.text("reference", limit=200),
            "published_on": published.isoformat() if isinstance(published, dt.date) else None,
            "url": form.text("url", limit=1000),
            "language": form.code("language", "language"),
            **form_writes.read_marking(page, form),
        }
        source.pop("source_id", None)  # a source does not rest on another source here
        upload = form.upload("file")
        if upload is not None:
            found = fingerprint(upload)
            if found is None:
                form.error("file", N_("The file is too large (at most 200 MB)."))
            else:
                source["content_sha256"] = found[0]
                known = _known(page, found[0])
                if known is not None and form.ok:
                    return page.redirect(
                        f"/sources/{known.id}",
                        N_("This document is already registered; here it is."),
                    )
        if not form.ok:
            raise rejected(page)
        new = [{k: v for k, v in source.items() if v is not None}]
        ids = form_writes.create(page, form, new, {(0, n): n for n in SOURCE_FIELDS}, rejected)
        url = f"/sources/{ids['source']}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The document was registered."))
