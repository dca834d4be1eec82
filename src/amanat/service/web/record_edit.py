"""Changing and deleting a record from its page: a prefilled form that carries the
record's version, and a soft delete that asks why.

Both go through the API's own actions (``record.update`` and ``record.delete``), so
the same rules hold: only the originating organisation, only a role that may
update, a stale version refused.  The forms show the record as ``record.for_change``
reads it: the originator's own, audited.  A stale save
shows the form again with what the user typed and what a colleague saved meanwhile,
so nothing typed is lost and nothing is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.orm.exc import StaleDataError
from starlette.datastructures import FormData

from amanat.actions import records
from amanat.actions.door import allowed, binds
from amanat.actions.errors import FieldProblem
from amanat.actions.record_view import for_change
from amanat.actions.records.kinds import KIND_BY_NAME
from amanat.language.i18n import N_
from amanat.service.web import record_fields, titles
from amanat.service.web.form_input import FormInput, place_problem, read_form
from amanat.service.web.page import FormRejected, Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
STALE = N_(
    "Someone else changed this record while you were editing it. Nothing was saved. "
    "Your changes are still in the form; check what is saved now, then save again."
)
REASON_LIMIT = 2000


def change_urls(page: Page, kind: str, record: Any) -> dict[str, str]:
    """The edit and delete links a record page shows: only to a role that may update,
    in the organisation that owns the record (the action checks again on use)."""
    if record.org_id != page.ctx.viewer.org_id or not allowed(page.ctx, records.update_record):
        return {}
    base = f"/{KIND_BY_NAME[kind].path}/{record.id}"
    found = {"delete": f"{base}/delete"}
    if kind in record_fields.EDITABLE:
        found["edit"] = f"{base}/edit"
    return found


def _title(page: Page, kind: str, record: Any) -> str:
    # A person's or victim's name is not repeated here: the record page shows it
    # only as far as the user may see it.
    if kind in ("person", "victim"):
        return f"#{record.id}"
    return titles.record_title(kind, record, page.lang)


def _context(page: Page, kind: str, record: Any, form: FormInput, **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "record": record,
        "title": _title(page, kind, record),
        "back": titles.record_url(kind, record.id),
        "action": f"/{KIND_BY_NAME[kind].path}/{record.id}",
        "fields": record_fields.fields_of(kind, record),
        "form": form,
        "conflict": None,
        **extra,
    }


def _stale(kind: str, record_id: int, form: FormInput) -> Callable[[Page], FormRejected]:
    """The form again (409) with the user's input, the current version, and what is
    saved now where it differs from what they typed."""

    def build(page: Page) -> FormRejected:
        record = for_change(page.ctx, kind, record_id)
        fields = record_fields.fields_of(kind, record)
        form.errors.pop("_form", None)
        form.error("_form", STALE)
        form.values["version"] = str(record.version)
        conflict = record_fields.differing(record, fields, form.values, page.lang)
        context = _context(page, kind, record, form, conflict=conflict)
        template = "record_delete.html" if "reason" in form.values else "record_edit.html"
        return FormRejected(page.render(template, context, status_code=409))

    return build


def _edit_form(page: SignedIn, kind: str, record_id: int) -> Response:
    record = for_change(page.ctx, kind, record_id)
    fields = record_fields.fields_of(kind, record)
    values = {**record_fields.prefilled(record, fields), "version": str(record.version)}
    form = FormInput.blank(page.lang, values)
    return page.render("record_edit.html", _context(page, kind, record, form))


def _save(page: SignedIn, kind: str, record_id: int, data: FormData) -> Response:
    record = for_change(page.ctx, kind, record_id)
    form = FormInput(data, page.lang)
    url = titles.record_url(kind, record_id) or "/"

    def rejected(p: Page) -> FormRejected:
        fresh = for_change(p.ctx, kind, record_id)
        return p.reject("record_edit.html", _context(p, kind, fresh, form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        version = form.integer("version", 1, record_fields.BIGGEST, required=True)
        fields = record_fields.fields_of(kind, record)
        changed = record_fields.changes(form, record, fields)
        if not form.ok or version is None:
            raise rejected(page)
        if not changed:
            return page.redirect(url, N_("Nothing was changed."))
        try:
            records.update_record(page.ctx, kind, record_id, changed, version, loc=())
        except FieldProblem as exc:
            place_problem(form, exc.loc, exc.said(form.lang), {(f.name,): f.name for f in fields})
            raise page.after_refusal(rejected) from None
        except StaleDataError:
            raise page.after_refusal(_stale(kind, record_id, form)) from None
        claimed.complete(page.db, url)
        return page.redirect(url, N_("Your changes were saved."))


def _delete_form(page: SignedIn, kind: str, record_id: int) -> Response:
    record = for_change(page.ctx, kind, record_id)
    form = FormInput.blank(page.lang, {"version": str(record.version)})
    return page.render("record_delete.html", _context(page, kind, record, form))


def _delete(page: SignedIn, kind: str, record_id: int, data: FormData) -> Response:
    record = for_change(page.ctx, kind, record_id)
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        version = form.integer("version", 1, record_fields.BIGGEST, required=True)
        reason = form.text("reason", required=True, limit=REASON_LIMIT)
        if not form.ok or version is None or reason is None:
            raise page.reject("record_delete.html", _context(page, kind, record, form))
        try:
            records.delete_record(page.ctx, kind, record_id, reason, version)
        except StaleDataError:
            raise page.after_refusal(_stale(kind, record_id, form)) from None
        claimed.complete(page.db, "/")
        return page.redirect("/", N_("The record was deleted. It is kept, with your reason."))


def _add_routes(kind: str, path: str) -> None:
    base = f"/{path}/{{record_id:int}}"

    @binds(for_change, records.update_record)
    def edit_form(page: SignedIn, record_id: int) -> Response:
        return _edit_form(page, kind, record_id)

    @binds(for_change, records.update_record)
    def save(page: SignedIn, record_id: int, data: Form) -> Response:
        return _save(page, kind, record_id, data)

    @binds(for_change, records.delete_record)
    def delete_form(page: SignedIn, record_id: int) -> Response:
        return _delete_form(page, kind, record_id)

    @binds(for_change, records.delete_record)
    def delete(page: SignedIn, record_id: int, data: Form) -> Response:
        return _delete(page, kind, record_id, data)

    if kind in record_fields.EDITABLE:
        router.add_api_route(f"{base}/edit", edit_form, methods=["GET"], name=f"{kind}_edit")
        router.add_api_route(f"{base}/edit", save, methods=["POST"], name=f"{kind}_save")
    router.add_api_route(f"{base}/delete", delete_form, methods=["GET"], name=f"{kind}_delete")
    router.add_api_route(f"{base}/delete", delete, methods=["POST"], name=f"{kind}_deleted")


for _kind in KIND_BY_NAME.values():
    _add_routes(_kind.name, _kind.path)
