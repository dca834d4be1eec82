"""Bulk import over the API: upload a file, preview it through a mapping profile, then
confirm; the same checks, transaction and audit as ``amanat import``.

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

from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.errors import FieldProblem
from amanat.intake.loader import ImportResult
from amanat.intake.problems import IntakeError
from amanat.intake.profile import BUILT_IN
from amanat.service import body_limits, import_runs
from amanat.service.api.answers import READ, WRITE, json_answer
from amanat.service.deps import ApiCaller, ApiSessionDep, Caller
from amanat.service.import_runs import Who
from amanat.service.schemas.exchange import ImportChoice, ImportSummary, StagedUpload
from amanat.service.staged_files import (
    CHUNK,
    KEEP_SECONDS,
    StagedFile,
    StagedFileMissing,
    UploadTooLarge,
)

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


def _staged(request: Request, caller: Caller, upload: str) -> StagedFile:
    try:
        return import_runs.staging(request).get(caller.user.id, upload)
    except StagedFileMissing:
        raise NotFound("upload") from None


@router.get("/profiles", responses=READ)
def profiles(caller: ApiCaller) -> dict[str, list[str]]:
    """The built-in profiles, usable by name as ``profile``."""
    return {"built_in": list(BUILT_IN)}


@router.post(
    "",
    response_model=StagedUpload,
    status_code=201,
    responses={**WRITE, 413: {"description": "The file is larger than the limit."}},
    openapi_extra={"requestBody": UPLOAD},
)
async def upload(
    request: Request, session: ApiSessionDep, caller: ApiCaller, filename: FileName
) -> Response:
    """Keep a CSV, XLSX, JSON, JSON Lines or FollowTheMoney file for import, and draft
    a profile for it."""
    caller.require(Permission.create, "records")
    who = await run_in_threadpool(Who.of, caller, session)
    area = import_runs.staging(request)
    with tempfile.SpooledTemporaryFile(max_size=CHUNK) as body:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > area.max_bytes:
                return _too_large(area.max_bytes)
            body.write(chunk)
        body.seek(0)
        try:
            staged = await run_in_threadpool(area.save, who.user_id, filename, body)
        except UploadTooLarge:
            return _too_large(area.max_bytes)
    draft = await run_in_threadpool(import_runs.suggestion, staged)
    expires = dt.datetime.fromtimestamp(staged.created + KEEP_SECONDS, dt.UTC)
    answer = StagedUpload(
        upload=staged.token,
        file=staged.name,
        size=staged.size,
        expires_at=expires,
        suggested_profile=draft,
    )
    return json_answer(StagedUpload, answer, 201)


def _too_large(limit: int) -> Response:
    return JSONResponse({"detail": f"the file is larger than {limit >> 20} MiB"}, 413)


def _run(
    request: Request,
    session: ApiSessionDep,
    caller: Caller,
    upload: str,
    body: ImportChoice,
    dry_run: bool,
) -> tuple[StagedFile, ImportResult | Response]:
    caller.require(Permission.create, "records")
    staged = _staged(request, caller, upload)
    lang = import_runs.language(caller, body.lang)
    who = Who.of(caller, session)
    try:
        profile = import_runs.profile_from(body.profile)
    except IntakeError as exc:
        raise FieldProblem(("body", "profile"), exc.message(lang)) from None
    marking = body.model_dump(include=set(import_runs.MARKING_FIELDS))
    try:
        result = import_runs.run_import(request, who, staged, profile, marking, dry_run, lang)
    except IntakeError as exc:
        # The file as a whole cannot be read, or the profile does not fit it.
        where = ("body", "profile") if exc.code in PROFILE_PROBLEMS else ("file",)
        raise FieldProblem(where, exc.message(lang)) from None
    return staged, _row_errors(result, lang) if result.errors else result


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
        "counts": import_runs.counts(result),
        "samples": import_runs.samples(result) if result.dry_run else [],
    }


@router.post(
    "/{upload}/preview",
    response_model=ImportSummary,
    responses=WRITE,
    max_body_size=body_limits.FORM_OR_JSON,
)
def preview(
    request: Request, session: ApiSessionDep, caller: ApiCaller, upload: str, body: ImportChoice
) -> Response:
    """Check every row and say what would be imported; nothing is written.  Bad rows
    are answered 422, each as ``loc: ["file", row, column]`` with the value and reason;
    the same list is at ``GET /imports/{upload}/errors`` as CSV."""
    _, result = _run(request, session, caller, upload, body, dry_run=True)
    if isinstance(result, Response):
        return result
    return json_answer(ImportSummary, _summary(result))


@router.post(
    "/{upload}/confirm",
    response_model=ImportSummary,
    status_code=201,
    responses=WRITE,
    max_body_size=body_limits.FORM_OR_JSON,
)
def confirm(
    request: Request, session: ApiSessionDep, caller: ApiCaller, upload: str, body: ImportChoice
) -> Response:
    """Import the file in one transaction, for your organisation, with the marking
    chosen; any bad row writes nothing (422, as for the preview).  The uploaded file
    is deleted once it is imported."""
    staged, result = _run(request, session, caller, upload, body, dry_run=False)
    if isinstance(result, Response):
        return result
    import_runs.staging(request).discard(staged)
    return json_answer(ImportSummary, _summary(result), 201)


@router.get(
    "/{upload}/errors",
    responses={**READ, 200: {"content": {"text/csv": {}}}},
    response_class=FileResponse,
)
def error_report(request: Request, caller: ApiCaller, upload: str) -> Response:
    """The last preview's errors as CSV (row, column, value, reason)."""
    staged = _staged(request, caller, upload)
    if not staged.errors.is_file():
        raise NotFound("error report")
    name = f"{staged.name}.errors.csv"
    return FileResponse(staged.errors, media_type="text/csv", filename=name)


@router.delete("/{upload}", status_code=204, responses=WRITE)
def discard(request: Request, caller: ApiCaller, upload: str) -> Response:
    """Delete the uploaded file without importing it."""
    import_runs.staging(request).discard(_staged(request, caller, upload))
    return Response(status_code=204)
