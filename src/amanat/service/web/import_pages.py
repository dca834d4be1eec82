"""Importing a file in the browser: upload it, correct the suggested profile, preview
every bad cell by row, then confirm — the actions of ``amanat import`` behind each
step (``actions.uploads``, ``import.check``, ``import.run``), in the page's transaction.

The file waits on the server (``intake.staging``) under a token only its uploader can
use; the page carries the token, never the file.  A preview is a dry run: nothing is
written until the person confirms, and then all rows are written or none.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, Response
from starlette.datastructures import FormData

from amanat.actions import intake, sharing, uploads
from amanat.actions.door import admit, binds, declaration_of
from amanat.actions.intake import ImportRefused, ImportResult
from amanat.intake.marking import VOCABULARIES
from amanat.intake.problems import IntakeError
from amanat.intake.profile import BUILT_IN, Profile
from amanat.intake.staging import StagedFile, UploadTooLarge
from amanat.language.i18n import N_
from amanat.service import body_limits, limits
from amanat.service.deps import committed
from amanat.service.import_runs import staging
from amanat.service.web import form_token, import_mapping
from amanat.service.web.form_input import FormInput
from amanat.service.web.import_samples import labelled_samples
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
UPLOAD_TEMPLATE = "import_upload.html"
REVIEW_TEMPLATE = "import_review.html"
SHOWN_ERRORS = 200
FORM_SLACK = 64 * 1024  # the form's other fields and multipart framing


async def upload_form(request: Request) -> FormData | None:
    """The upload form, or None when it is larger than the limit: refused from its
    declared length before it is received, not after it has filled the disk."""
    limit = staging(request).max_bytes + FORM_SLACK
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > limit:
        return None
    return await request.form(max_files=1, max_fields=20)


UploadForm = Annotated[FormData | None, Depends(upload_form)]


@router.get("/import")
@binds(uploads.upload)
def import_start(page: SignedIn) -> Response:
    # The form only for those the door would let upload (the action asks again).
    admit(declaration_of(uploads.upload), page.ctx.actor)
    return page.render(UPLOAD_TEMPLATE, {"form": FormInput.blank(page.lang)})


@router.post("/import")
@binds(uploads.upload)
def import_upload(page: SignedIn, data: UploadForm) -> Response:
    admit(declaration_of(uploads.upload), page.ctx.actor)
    form = FormInput(data or {}, page.lang)
    if data is None:
        form.error("file", N_("The file is too large."))
        raise page.reject(UPLOAD_TEMPLATE, {"form": form})
    form_token.verify(page.request, form.raw("form_token"))
    upload = form.upload("file")
    if upload is None:
        form.error("file", N_("Choose a file."))
        raise page.reject(UPLOAD_TEMPLATE, {"form": form})
    try:
        staged = uploads.upload(page.ctx, staging(page.request), upload.filename, upload.file)
    except UploadTooLarge:
        form.error("file", N_("The file is too large."))
        raise page.reject(UPLOAD_TEMPLATE, {"form": form}) from None
    return page.redirect(f"/import/{staged.token}")


def _context(page: Page, staged: StagedFile, form: FormInput, **more: Any) -> dict[str, Any]:
    groups = sharing.groups(page.ctx)
    return {
        "staged": staged,
        "form": form,
        "built_in": [("", "—"), *((name, name) for name in BUILT_IN)],
        "groups": [("", "—"), *((g.name, g.name) for g in groups)],
        "result": None,
        "problem": None,
        "guessed": False,
        "has_report": staged.errors.is_file(),
        "mapping": import_mapping.mapping_form(staged, form, page.lang),
        **more,
    }


@router.get("/import/{token}")
@binds(uploads.uploaded, sharing.groups)
def import_review(page: SignedIn, token: str) -> Response:
    staged = uploads.uploaded(page.ctx, staging(page.request), token)
    suggested = uploads.suggestion(staged)
    defaults = {"profile": suggested, **_marking_defaults(suggested)}
    form = FormInput.blank(page.lang, defaults)
    return page.render(REVIEW_TEMPLATE, _context(page, staged, form, guessed=bool(suggested)))


def _marking_defaults(text: str) -> dict[str, str | None]:
    try:
        marking = intake.profile_from(text).marking
    except IntakeError:
        return {}
    return {name: getattr(marking, name) for name in (*VOCABULARIES, "group")}


def _chosen_profile(form: FormInput, lang: str) -> tuple[Profile | None, str | None]:
    text = form.raw("built_in") or str(form.values.get("profile") or "")
    try:
        return intake.profile_from(text), None
    except IntakeError as exc:
        return None, exc.message(lang)


def _marking(page: Page, form: FormInput) -> dict[str, str | None]:
    chosen = {name: form.code(name, vocab) for name, vocab in VOCABULARIES.items()}
    group = form.text("group", limit=200)
    if group and group not in {g.name for g in sharing.groups(page.ctx)}:
        form.error("group", N_("Choose the sharing group."))
    return {**chosen, "group": group}


async def review_form(request: Request) -> FormData:
    # A profile is text, not a file: a generous limit, but a limit.
    # One drop-down per column of the file besides the form's own fields.
    fields = import_mapping.MAPPED_COLUMNS + 30
    return await request.form(max_files=0, max_fields=fields, max_part_size=512 * 1024)


ReviewForm = Annotated[FormData, Depends(review_form)]


@router.post("/import/{token}", max_body_size=body_limits.FORM_OR_JSON)
@binds(uploads.uploaded, intake.check_import, intake.run_import, uploads.discard, sharing.groups)
def import_check(page: SignedIn, token: str, data: ReviewForm) -> Response:
    """Preview (a dry run) or, with ``action=confirm``, import."""
    form = FormInput(data, page.lang)
    staged = uploads.uploaded(page.ctx, staging(page.request), token)
    confirm = form.raw("action") == "confirm"
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        form.values["profile"] = text = import_mapping.remap(staged, form)
        if form.raw("action") == "download" and form.ok:
            claimed.release()  # a download changes nothing: the form may go on
            return import_mapping.profile_download(staged, text)
        profile, problem = _chosen_profile(form, page.lang)
        marking = _marking(page, form)
        if profile is None or not form.ok:
            raise page.reject(REVIEW_TEMPLATE, _context(page, staged, form, problem=problem))
        job = intake.import_request(staged.path, profile, marking)
        limits.allow_bulk(page.ctx.session, page.request.app.state.settings)
        try:
            result = (intake.run_import if confirm else intake.check_import)(page.ctx, job)
        except ImportRefused as refused:
            staged.keep_errors(refused.result.errors, page.lang)
            shown = _shown(refused.result, page.lang)
            context = _context(page, staged, form, result=refused.result, **shown)
            raise page.reject(REVIEW_TEMPLATE, context) from None
        except IntakeError as exc:
            context = _context(page, staged, form, problem=exc.message(page.lang))
            raise page.reject(REVIEW_TEMPLATE, context) from None
        staged.keep_errors([], page.lang)
        if not confirm:
            claimed.release()
            context = _context(page, staged, form, result=result, **_shown(result, page.lang))
            return page.render(REVIEW_TEMPLATE, context)
        claimed.complete(page.db, "/import")
        committed(page.ctx, None)  # the import and the form's completion, together
        # Only once the import is committed: a failed commit keeps the file to try again.
        uploads.discard(page.ctx, staging(page.request), token)
        return page.redirect("/import", N_("The file was imported."))


def _shown(result: ImportResult, lang: str) -> dict[str, Any]:
    """Errors grouped by row (the first ``SHOWN_ERRORS``), and the first rows read."""
    by_row: dict[int, list[tuple[str, str, str]]] = {}
    for error in result.errors[:SHOWN_ERRORS]:
        by_row.setdefault(error.row, []).append((error.column, error.value, error.reason(lang)))
    return {
        "error_rows": sorted(by_row.items()),
        "more_errors": max(0, len(result.errors) - SHOWN_ERRORS),
        "samples": labelled_samples(result, lang),
        "counts": intake.counts(result),
    }


@router.get("/import/{token}/errors.csv")
@binds(uploads.error_report)
def import_errors(page: SignedIn, token: str) -> Response:
    staged = uploads.error_report(page.ctx, staging(page.request), token)
    name = f"{staged.name}.errors.csv"
    return FileResponse(staged.errors, media_type="text/csv", filename=name)


@router.post("/import/{token}/discard", max_body_size=body_limits.FORM_OR_JSON)
@binds(uploads.discard)
def import_discard(page: SignedIn, token: str, data: ReviewForm) -> Response:
    form_token.verify(page.request, FormInput(data, page.lang).raw("form_token"))
    uploads.discard(page.ctx, staging(page.request), token)
    return page.redirect("/import", N_("The uploaded file was deleted."))
