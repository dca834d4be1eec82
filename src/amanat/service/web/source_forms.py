"""Uploading a source document: an agency file, a court decision, an NGO or media
report that records rest on.

The file is fingerprinted (SHA-256) so the same document is recognised when it is
uploaded again, and kept sealed in the database (``access.source_files``).  It is
downloaded only by those who may see the source, and every download is audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.exceptions import HTTPException
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData, UploadFile

from amanat.access import audit_store, source_files
from amanat.access.source_files import MAX_FILE_BYTES, SourceFile
from amanat.access.vault import MasterKey
from amanat.access.visibility import visible
from amanat.actions import records
from amanat.register import Source
from amanat.service.deps import committed
from amanat.service.web import form_writes
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.i18n import N_
from amanat.service.web.identity import master_key
from amanat.service.web.page import FormRejected, Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "source_form.html"
MAX_BYTES = MAX_FILE_BYTES
CHUNK = 1024 * 1024
TOO_LARGE = N_("The file is too large (at most %(n)s MB).")
NO_VAULT_KEY = N_("Files cannot be kept: the vault has no master key configured.")
SOURCE_FIELDS = ("title", "reference", "published_on", "url", "language")


def _context(page: Page, form: FormInput) -> dict[str, Any]:
    return {"form": form, "max_mb": MAX_BYTES // (1024 * 1024), **form_writes.marking_context(page)}


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
        master = master_key(page.request)
        if upload is not None:
            found = fingerprint(upload)
            if found is None:
                form.error("file", TOO_LARGE, n=MAX_BYTES // (1024 * 1024))
            elif master is None:
                form.error("file", NO_VAULT_KEY)
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
        if upload is not None and master is not None:
            _keep(page, master, ids["source"], upload)
        url = f"/sources/{ids['source']}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The document was registered."))


def _keep(page: Page, master: MasterKey, source_id: int, upload: UploadFile) -> None:
    upload.file.seek(0)
    content = upload.file.read(MAX_BYTES + 1)
    name = (upload.filename or "document").replace("\\", "/").rsplit("/", 1)[-1]
    kind = upload.content_type or "application/octet-stream"
    org_id = page.user.viewer.org_id
    source_files.store(page.db, master, org_id, source_id, name, kind, content)


@router.get("/sources/{source_id:int}/file")
def download(page: SignedIn, source_id: int) -> Response:
    """The file, to those who may see the source (else not found), audited."""
    viewer = page.user.viewer
    source = records.get_record(page.db, page.user, "source", source_id, purpose="download")
    row = page.db.get(SourceFile, source.id)
    master = master_key(page.request)
    if row is None or master is None:
        raise HTTPException(status_code=404)
    content = source_files.open_file(page.db, master, row)
    audit_store.append(
        page.db,
        "download",
        user_id=viewer.user_id,
        org_id=viewer.org_id,
        target_kind="source",
        target_id=source.id,
        detail={"owner_org_id": source.org_id, "size": row.size},
    )
    # Always an attachment: a browser must not render an uploaded file as a page
    # of this site (an HTML or SVG file could run script here).
    answer = Response(
        content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": "attachment; filename*=UTF-8''" + quote(row.filename)},
    )
    return committed(page.db, answer)  # the download is in the trail before it is sent
