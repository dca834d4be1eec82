"""What the sharing panel of every record posts, and the list of share requests.

The originator sets a record's marking (TLP, handling code) and distribution;
anyone else who can see it asks the originator to share it further, and the
originator approves or rejects.  The panel itself is ``record_sharing``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.access.sharing import NotFound
from amanat.actions import records, share_requests, sharing
from amanat.actions.door import allowed, binds
from amanat.actions.errors import FieldProblem
from amanat.actions.paging import LAST_PAGE
from amanat.actions.records.kinds import KIND_BY_NAME
from amanat.language.i18n import N_
from amanat.register import InvalidValue
from amanat.service.web import record_pages, titles
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.page import FormRejected, Page, SignedIn, safe_path

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
STATUSES = (N_("pending"), N_("approved"), N_("rejected"))
SORTS = {"newest": N_("Newest first"), "oldest": N_("Oldest first")}
# The lists' filters and sort, kept on every page of them.
FILTERS = ("status", "sort")
# A refused change shows the record's page again: what the page reads.
PANEL = record_pages.ACTIONS


def _kind(kind: str) -> str:
    if kind not in KIND_BY_NAME:
        raise NotFound(f"{kind} not found")
    return kind


def _back(kind: str, record_id: int) -> str:
    return titles.record_url(kind, record_id) or "/"


def _rejected(page: Page, kind: str, record_id: int, form: FormInput) -> FormRejected:
    context = record_pages.record_context(page, kind, record_id, sharing_form=form)
    return page.reject(context["template"], context)


def _refused(page: Page, kind: str, record_id: int, form: FormInput) -> FormRejected:
    """The record page again after a refused change (see ``Page.after_refusal``)."""
    return page.after_refusal(lambda fresh: _rejected(fresh, kind, record_id, form))


@router.post("/sharing/{kind}/{record_id:int}/marking")
@binds(records.update_record, *PANEL)
def set_marking(page: SignedIn, kind: str, record_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    kind = _kind(kind)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        tlp = form.code("tlp", "tlp", required=True)
        handling = form.code("handling", "handling_code", required=True)
        version = form.integer("version", 1, 2**31, required=True)
        if not form.ok or tlp is None or handling is None or version is None:
            raise _rejected(page, kind, record_id, form)
        try:
            records.update_record(
                page.ctx, kind, record_id, {"tlp": tlp, "handling": handling}, version
            )
        except FieldProblem as exc:
            form.error("tlp", N_("Not accepted: %(reason)s"), reason=exc.said(page.lang))
            raise _refused(page, kind, record_id, form) from None
        url = _back(kind, record_id)
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The marking was changed."))


@router.post("/sharing/{kind}/{record_id:int}/distribution")
@binds(records.set_distribution, *PANEL)
def set_distribution(page: SignedIn, kind: str, record_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    kind = _kind(kind)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        distribution = form.code("distribution", "distribution", required=True)
        group = form.text("group", limit=200)
        if distribution == "group" and not group:
            form.error("group", N_("Choose the sharing group."))
        if not form.ok or distribution is None:
            raise _rejected(page, kind, record_id, form)
        try:
            records.set_distribution(page.ctx, kind, record_id, distribution, group)
        except InvalidValue as exc:
            name = "group" if exc.field == "sharing_group" else "distribution"
            form.error(name, N_("Not accepted: %(reason)s"), reason=exc.reason_in(page.lang))
            raise _refused(page, kind, record_id, form) from None
        url = _back(kind, record_id)
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The distribution was changed."))


@router.post("/sharing/{kind}/{record_id:int}/request")
@binds(sharing.ask, *PANEL)
def request_share(page: SignedIn, kind: str, record_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    kind = _kind(kind)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        target = form.text("target", required=True, limit=40)
        reason = form.text("reason", required=True)
        if not form.ok or target is None or reason is None:
            raise _rejected(page, kind, record_id, form)
        try:
            sharing.ask(page.ctx, kind, record_id, target, reason)
        except InvalidValue as exc:
            name = "target" if exc.field == "target" else "reason"
            form.error(name, N_("Not accepted: %(reason)s"), reason=exc.reason_in(page.lang))
            raise _refused(page, kind, record_id, form) from None
        url = _back(kind, record_id)
        claimed.complete(page.db, url)
        return page.redirect(url, N_("Your request was sent to the originator."))


@router.post("/sharing/requests/{request_id:int}/decide")
@binds(sharing.decide)
def decide(page: SignedIn, request_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        approve = form.raw("decision") == "approve"
        url = safe_path(form.raw("back"), "/sharing")
        try:
            sharing.decide(page.ctx, request_id, approve, form.text("note") or None)
        except InvalidValue:
            return page.redirect(url, N_("This request was already decided."))
        claimed.complete(page.db, url)
        message = N_("The request was approved.") if approve else N_("The request was rejected.")
        return page.redirect(url, message)


@router.get("/sharing")
@binds(share_requests.request_lists, records.list_organisations)
def requests_page(page: SignedIn) -> Response:
    form = FormInput(page.request.query_params, page.lang)
    wanted = share_requests.Wanted(
        status=form.choice("status", dict.fromkeys(STATUSES)),
        sort=form.choice("sort", SORTS) or "newest",
        to_decide_page=form.integer("to_decide_page", 1, LAST_PAGE),
        made_page=form.integer("made_page", 1, LAST_PAGE),
    )
    found = share_requests.request_lists(page.ctx, wanted if form.ok else None)
    context = {
        "form": form,
        "found": found,
        "to_decide": found.to_decide,
        "made": found.made,
        "params": {key: form.values[key] for key in FILTERS if form.values.get(key)},
        "statuses": [("", "—"), *((status, page._(status)) for status in STATUSES)],
        "sorts": [(code, page._(text)) for code, text in SORTS.items()],
        "orgs": {o.id: o.name for o in records.list_organisations(page.ctx).items},
        "may_approve": allowed(page.ctx, sharing.decide),
    }
    return page.render("sharing.html", context)
