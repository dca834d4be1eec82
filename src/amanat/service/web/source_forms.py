"""Uploading a source document: an agency file, a court decision, an NGO or media
report that records rest on.

The file is fingerprinted (SHA-256) so the same document is recognised when it is
uploaded again, and kept sealed in the database (``access.source_files``).  It is
downloaded only by those who may see the source, and every download is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from amanat.access.source_files import MAX_FILE_BYTES
from amanat.actions import records, sources
from amanat.actions.door import binds
from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_
from amanat.register import Source
from amanat.service.deps import committed
from amanat.service.web import form_writes
from amanat.service.web.form_input import FormInput, place_problem, read_form
from amanat.service.web.page import FormRejected, Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "source_form.html"
MAX_BYTES = MAX_FILE_BYTES
CHUNK = 1024 * 1024
TOO_LARGE = N_("The file is too large (at most %(n)s MB).")
NO_VAULT_KEY = N_("Files cannot be kept: the vault has no master key configured.")
SOURCE_FIELDS = ("title", "reference", "published_on", "url", "language")
# What the upload runs: a document registered before (``record.list`` by its
# fingerprint), the source written, its file kept.
UPLOADING = (*form_writes.CREATING, records.list_records, sources.attach_file)


def _context(page: Page, form: FormInput) -> dict[str, Any]:
    return {"form": form, "max_mb": MAX_BYTES // (1024 * 1024), **form_writes.marking_context(page)}


@router.get("/sources/new")
@binds(*UPLOADING)
def source_form(page: SignedIn) -> Response:
    form_writes.offer(page, records.create_records)
    defaults = {**form_writes.MARKING_DEFAULTS, "source_kind": "agency_record"}
    return page.render(TEMPLATE, _context(page, FormInput.blank(page.lang, defaults)))


def content_of(upload: UploadFile) -> bytes | None:
    """The upload's bytes; None when it is larger than ``MAX_BYTES`` (read no further)."""
    upload.file.seek(0)
    chunks, size = [], 0
    while chunk := upload.file.read(CHUNK):
        size += len(chunk)
        if size > MAX_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _known(page: Page, sha256: str) -> int | None:
    """The id of a source the user may see that has this file already."""
    found = records.list_records(page.ctx, "source", {"content_sha256": sha256}, limit=1)
    return found.items[0].id if found.items else None


@router.post("/sources/new")
@binds(*UPLOADING)
def upload_source(page: SignedIn, data: Form) -> Response:
    form_writes.offer(page, records.create_records)
    form = FormInput(data, page.lang)

    def rejected(p: Page) -> FormRejected:
        return p.reject(TEMPLATE, _context(p, form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        published = form.field("published_on", Source.published_on)
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
        content = content_of(upload) if upload is not None else None
        if upload is not None and content is None:
            form.error("file", TOO_LARGE, n=MAX_BYTES // (1024 * 1024))
        elif content is not None and page.ctx.master_key is None:
            form.error("file", NO_VAULT_KEY)
        elif content is not None:
            source["content_sha256"] = sources.fingerprint(content)
            known = _known(page, source["content_sha256"])
            if known is not None and form.ok:
                return page.redirect(
                    f"/sources/{known}", N_("This document is already registered; here it is.")
                )
        if not form.ok:
            raise rejected(page)
        new = [{k: v for k, v in source.items() if v is not None}]
        ids = form_writes.create(page, form, new, {(0, n): n for n in SOURCE_FIELDS}, rejected)
        if upload is not None and content is not None:
            _keep(page, form, ids["source"], upload, content, rejected)
        url = f"/sources/{ids['source']}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The document was registered."))


def _keep(
    page: Page,
    form: FormInput,
    source_id: int,
    upload: UploadFile,
    content: bytes,
    rejected: Callable[[Page], FormRejected],
) -> None:
    kind = upload.content_type or "application/octet-stream"
    try:
        sources.attach_file(page.ctx, source_id, upload.filename or "", kind, content)
    except FieldProblem as exc:
        place_problem(form, exc.loc, exc.said(form.lang), {("body", "file"): "file"})
        raise page.after_refusal(rejected) from None


@router.get("/sources/{source_id:int}/file")
@binds(sources.download)
def download(page: SignedIn, source_id: int) -> Response:
    """The file, to those who may see the source (else not found), audited."""
    kept, content = sources.download(page.ctx, source_id)
    # Always an attachment: a browser must not render an uploaded file as a page
    # of this site (an HTML or SVG file could run script here).
    answer = Response(
        content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": "attachment; filename*=UTF-8''" + quote(kept.filename)},
    )
    return committed(page.ctx, answer)  # the download is in the trail before it is sent
