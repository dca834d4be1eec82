"""Administrators run their organisation's sharing groups in the web: create one, add
and remove member organisations (``actions.groups``).  A change takes effect at
once: a member sees the group's records, a removed one loses them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.access.accounts import AccountError
from amanat.actions import groups, records
from amanat.actions.door import binds
from amanat.language.i18n import N_
from amanat.service.web import form_token
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "admin_groups.html"
PAGE = "/admin/groups"


def _context(page: Page, form: FormInput) -> dict[str, Any]:
    orgs = records.list_organisations(page.ctx).items
    choices = sorted((o.name_in(page.lang), o.code) for o in orgs)
    return {
        "runs": groups.list_groups(page.ctx),
        "org_choices": [(code, f"{name} ({code})") for name, code in choices],
        "form": form,
    }


@router.get(PAGE)
@binds(groups.list_groups, records.list_organisations, groups.add_group)
def group_page(page: SignedIn) -> Response:
    return page.render(TEMPLATE, _context(page, FormInput.blank(page.lang, {})))


@router.post(PAGE)
@binds(groups.add_group, groups.list_groups, records.list_organisations)
def add_group(page: SignedIn, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        name = form.text("name", required=True, limit=200)
        description = form.text("description", limit=2000)
        if form.ok and name is not None:
            try:
                groups.add_group(page.ctx, name, description=description)
            except AccountError:
                form.error("name", N_("A sharing group of this name exists."))
        if not form.ok:
            raise page.reject(TEMPLATE, _context(page, form))
        claimed.complete(page.db, PAGE)
        return page.redirect(PAGE, N_("The sharing group was created."))


def _member_form(page: Page, data: FormData) -> tuple[str, str]:
    form = FormInput(data, page.lang)
    form_token.verify(page.request, form.raw("form_token"))
    return form.raw("group"), form.raw("org")


@router.post(PAGE + "/members")
@binds(groups.add_member)
def add_member(page: SignedIn, data: Form) -> Response:
    name, org = _member_form(page, data)
    try:
        groups.add_member(page.ctx, name, org)
    except AccountError:
        return page.redirect(PAGE, N_("Choose one of the options."))
    return page.redirect(PAGE, N_("The organisation was added; it sees the group's records now."))


@router.post(PAGE + "/members/removal")
@binds(groups.remove_member)
def remove_member(page: SignedIn, data: Form) -> Response:
    name, org = _member_form(page, data)
    try:
        groups.remove_member(page.ctx, name, org)
    except AccountError:
        return page.redirect(PAGE, N_("Choose one of the options."))
    return page.redirect(
        PAGE, N_("The organisation was removed; it no longer sees the group's records.")
    )
