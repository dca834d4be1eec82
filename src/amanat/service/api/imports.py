"""Bulk import over the API: upload a file, preview it through a mapping profile, then
confirm; the same actions as ``amanat import`` (``import.check``, ``import.run``), in
the request's transaction.

The file is sent as the request body (``curl --data-binary @people.csv``), so it is
received in chunks and refused as soon as it passes the size limit.  It is kept on
the server under the token the upload answers with, for its uploader only, until the
import is confirmed or discarded (or two hours pass).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response

from amanat.actions import intake, uploads
from amanat.actions.door import admit, binds, declaration_of
from amanat.actions.errors import FieldProblem
from amanat.actions.intake import ImportRefused, ImportResult
from amanat.intake.problems import IntakeError
from amanat.intake.staging import CHUNK, KEEP_SECONDS, UploadTooLarge
from amanat.service import body_limits, limits
from amanat.service.api.answers import READ, WRITE, json_answer
from amanat.service.deps import ApiDoor, committed
from amanat.service.import_runs import staging
from amanat.service.schemas.exchange import ImportChoice, ImportSummary, StagedUpload

router = APIRouter(prefix="/imports", tags=["Import"])
FileName = Annotated[
    str,
    Query(
        min_length=1, max_length=200, description="The file's name; its suffix tells the format."
    ),
]
UPLOAD = {
    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    "required": True,
}


@router.get("/profiles", responses=READ)
@binds(intake.built_in_profiles)
def profiles(door: ApiDoor) -> dict[str, list[str]]:
    """The built-in profiles, usable by name as ``profile``."""
    return committed(door, {"built_in": intake.built_in_profiles(door)})


@router.post(
    "",
    response_model=StagedUpload,
    status_code=201,
    responses={**WRITE, 413: {"description": "The file is larger than the limit."}},
    openapi_extra={"requestBody": UPLOAD},
)
@binds(uploads.upload)
async def upload(request: Request, door: ApiDoor, filename: FileName) -> Response:
    """Keep a CSV, XLSX, JSON, JSON Lines or FollowTheMoney file for import, and draft
    a profile for it."""
    # Refused before the body is received rather than after (the action asks again).
    admit(declaration_of(uploads.upload), door.actor)
    # The transaction lets go of its connection (and SQLite's lock) while the file arrives.
    await run_in_threadpool(committed, door, None)
    area = staging(request)
    with tempfile.SpooledTemporaryFile(max_size=CHUNK) as body:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > area.max_bytes:
                return _too_large(area.max_bytes)
            body.write(chunk)
        body.seek(0)
        try:
            staged = await run_in_threadpool(uploads.upload, door, area, filename, body)
        except UploadTooLarge:
            return _too_large(area.max_bytes)
    draft = await run_in_threadpool(uploads.suggestion, staged)
    expires = dt.datetime.fromtimestamp(staged.created + KEEP_SECONDS, dt.UTC)
    answer = StagedUpload(
        upload=staged.token,
        file=staged.name,
        size=staged.size,
        expires_at=expires,
        suggested_profile=draft,
    )
    return await run_in_threadpool(committed, door, json_answer(StagedUpload, answer, 201))


def _too_large(limit: int) -> Response:
    return JSONResponse({"detail": f"the file is larger than {limit >> 20} MiB"}, 413)


def _import(
    request: Request, door: ApiDoor, upload: str, body: ImportChoice, confirm: bool
) -> ImportResult | Response:
    """Check or import the caller's upload; bad rows are the 422 answer (and the
    upload's error report), with the transaction rolled back."""
    staged = uploads.uploaded(door, staging(request), upload)
    lang = intake.message_language(door.actor.signed_in, body.lang)
    try:
        profile = intake.profile_from(body.profile)
    except IntakeError as exc:
        raise FieldProblem(("body", "profile"), exc.message(lang)) from None
    marking = body.model_dump(include=set(intake.MARKING_FIELDS))
    job = intake.import_request(staged.path, profile, marking)
    limits.allow_bulk(door.session, request.app.state.settings)
    try:
        result = (intake.run_import if confirm else intake.check_import)(door, job)
    except ImportRefused as refused:
        door.session.rollback()
        staged.keep_errors(refused.result.errors, lang)
        return _row_errors(refused.result, lang)
    except IntakeError as exc:
        # The file as a whole cannot be read, or the profile does not fit it.
        where = ("body", "profile") if exc.code in PROFILE_PROBLEMS else ("file",)
        raise FieldProblem(where, exc.message(lang)) from None
    staged.keep_errors([], lang)
    return result


# Problems of the profile (or the marking it gives), rather than of the file.
PROFILE_PROBLEMS = frozenset(
    {"bad_profile", "missing_headings", "marking", "organisation_mismatch", "protected_needs_key"}
)


def _row_errors(result: ImportResult, lang: str) -> Response:
    """422 with every bad cell as ``loc: ["file", row, column]``; nothing was written."""
    detail = [
        {"loc": ["file", e.row, e.column], "msg": e.reason(lang), "input": e.value}
        for e in result.errors
    ]
    return JSONResponse(
        {"detail": detail, "rows": result.rows, "stopped": result.stopped}, status_code=422
    )


def _summary(result: ImportResult) -> dict[str, Any]:
    return {
        "file": result.file,
        "format": result.description,
        "organisation": result.organisation,
        "dry_run": result.dry_run,
        "written": result.written,
        "rows": result.rows,
        "skipped": result.skipped,
        "counts": intake.counts(result),
        "samples": intake.samples(result) if result.dry_run else [],
    }


@router.post(
    "/{upload}/preview",
    response_model=ImportSummary,
    responses=WRITE,
    max_body_size=body_limits.FORM_OR_JSON,
)
@binds(uploads.uploaded, intake.check_import)
def preview(request: Request, door: ApiDoor, upload: str, body: ImportChoice) -> Response:
    """Check every row and say what would be imported; nothing is written.  Bad rows
    are answered 422, each as ``loc: ["file", row, column]`` with the value and reason;
    the same list is at ``GET /imports/{upload}/errors`` as CSV."""
    result = _import(request, door, upload, body, confirm=False)
    if isinstance(result, Response):
        return result
    return committed(door, json_answer(ImportSummary, _summary(result)))


@router.post(
    "/{upload}/confirm",
    response_model=ImportSummary,
    status_code=201,
    responses=WRITE,
    max_body_size=body_limits.FORM_OR_JSON,
)
@binds(uploads.uploaded, intake.run_import, uploads.discard)
def confirm(request: Request, door: ApiDoor, upload: str, body: ImportChoice) -> Response:
    """Import the file in one transaction, for your organisation, with the marking
    chosen; any bad row writes nothing (422, as for the preview).  The uploaded file
    is deleted once it is imported."""
    result = _import(request, door, upload, body, confirm=True)
    if isinstance(result, Response):
        return result
    answer = committed(door, json_answer(ImportSummary, _summary(result), 201))
    # Only once the import is committed: a failed commit keeps the file to try again.
    uploads.discard(door, staging(request), upload)
    return answer


@router.get(
    "/{upload}/errors",
    responses={**READ, 200: {"content": {"text/csv": {}}}},
    response_class=FileResponse,
)
@binds(uploads.error_report)
def error_report(request: Request, door: ApiDoor, upload: str) -> Response:
    """The last preview's errors as CSV (row, column, value, reason)."""
    staged = uploads.error_report(door, staging(request), upload)
    name = f"{staged.name}.errors.csv"
    return committed(door, FileResponse(staged.errors, media_type="text/csv", filename=name))


@router.delete("/{upload}", status_code=204, responses=WRITE)
@binds(uploads.discard)
def discard(request: Request, door: ApiDoor, upload: str) -> Response:
    """Delete the uploaded file without importing it."""
    uploads.discard(door, staging(request), upload)
    return committed(door, Response(status_code=204))
