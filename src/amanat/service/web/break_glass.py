"""Emergency ("break-glass") access: asking to read a record one cannot otherwise see,
deciding such a request, and the auditors' list of every use.

Everywhere else a record the user may not see is absent (404); this page is the
one place to ask for it, by reference, with a reason.  The request is answered the
same whether or not the record exists; the record's own organisation (or an
oversight body's auditor) decides; every step and every read under a grant is in
the audit trail (``actions.emergency``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.access.break_glass import MIN_REASON
from amanat.access.models import BreakGlass
from amanat.access.roles import Role
from amanat.actions import emergency, named
from amanat.actions.door import allowed, binds
from amanat.actions.records.kinds import KIND_BY_NAME
from amanat.language.i18n import N_
from amanat.register import InvalidValue
from amanat.register.base import utcnow
from amanat.register.labels import KIND_LABELS
from amanat.service.web import titles
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "break_glass.html"
SAY_WHY = N_("Explain the emergency in at least 20 characters.")
HOURS = [(str(h), str(h)) for h in (1, 2, 4, 8, 24)]
# Kept in the audit trail with each record named on these pages.
NAMING_PURPOSE = "Name the records of emergency requests"


def _kinds(page: Page) -> list[tuple[str, str]]:
    return [("", "—")] + [(name, page._(KIND_LABELS.get(name, name))) for name in KIND_BY_NAME]


def _active(grant: BreakGlass) -> bool:
    expires = grant.expires_at
    if expires is None:
        return False
    return (expires if expires.tzinfo else expires.replace(tzinfo=utcnow().tzinfo)) > utcnow()


def _mine(page: Page) -> list[dict[str, Any]]:
    return [
        {
            "grant": grant,
            "active": _active(grant),
            "url": titles.record_url(grant.record_kind, grant.record_id),
        }
        for grant in emergency.own_requests(page.ctx)
    ]


def _pending(page: Page) -> list[emergency.Waiting]:
    return emergency.to_decide(page.ctx) if allowed(page.ctx, emergency.to_decide) else []


def record_names(page: Page, refs: Iterable[tuple[str | None, Any]]) -> dict[tuple[str, int], str]:
    """(kind, id) -> the record's title, for the records the user may see; the others
    are named by kind and number only (``break_glass_record.html``)."""
    wanted: dict[str, set[int]] = {}
    for kind, record_id in refs:
        if kind in KIND_BY_NAME and str(record_id).isdigit():
            wanted.setdefault(kind, set()).add(int(record_id))
    if not wanted:
        return {}
    found = named.named(page.ctx, wanted, NAMING_PURPOSE)
    return {
        (kind, record_id): title
        for kind in wanted
        for record_id, title in titles.titles_from(found, kind, page.lang).items()
    }


def _grant_refs(grants: Iterable[BreakGlass]) -> list[tuple[str | None, Any]]:
    return [(grant.record_kind, grant.record_id) for grant in grants]


def _context(page: Page, form: FormInput) -> dict[str, Any]:
    mine, pending = _mine(page), _pending(page)
    shown = [row["grant"] for row in mine] + [row.grant for row in pending]
    return {
        "form": form,
        "may_ask": allowed(page.ctx, emergency.ask),
        "kinds": _kinds(page),
        "mine": mine,
        "pending": pending,
        "hours": HOURS,
        "record_names": record_names(page, _grant_refs(shown)),
    }


PAGE = (emergency.ask, emergency.own_requests, emergency.to_decide, named.named)


@router.get("/break-glass")
@binds(*PAGE)
def break_glass_page(page: SignedIn) -> Response:
    asked = page.request.query_params
    form = FormInput.blank(page.lang, {"kind": asked.get("kind"), "record_id": asked.get("id")})
    return page.render(TEMPLATE, _context(page, form))


@router.post("/break-glass")
@binds(*PAGE)
def ask(page: SignedIn, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        kind = form.choice("kind", dict(_kinds(page)[1:]), required=True)
        record_id = form.integer("record_id", 1, 2**62, required=True)
        reason = form.text("reason", required=True)
        if reason is not None and len(reason) < MIN_REASON:
            form.error("reason", SAY_WHY)
        if not form.ok or kind is None or record_id is None or reason is None:
            raise page.reject(TEMPLATE, _context(page, form))
        try:
            emergency.ask(page.ctx, kind, record_id, reason)
        except InvalidValue:
            form.error("reason", SAY_WHY)
            raise page.reject(TEMPLATE, _context(page, form)) from None
        claimed.complete(page.db, "/break-glass")
        return page.redirect(
            "/break-glass",
            N_("Your emergency request was sent. It is audited and reviewed."),
        )


def _back(page: Page, form: FormInput) -> str:
    """The start page when decided from there, else the page that lists requests."""
    if form.raw("back") == "start":
        return "/"
    return "/break-glass/review" if page.ctx.viewer.role == Role.auditor else "/break-glass"


@router.post("/break-glass/{grant_id:int}/approval")
@binds(emergency.approve)
def approve(page: SignedIn, grant_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        hours = form.integer("hours", 1, 24, required=True) or 4
        emergency.approve(page.ctx, grant_id, hours)
        claimed.complete(page.db, _back(page, form))
        return page.redirect(_back(page, form), N_("The emergency access was approved."))


@router.post("/break-glass/{grant_id:int}/denial")
@binds(emergency.deny)
def deny(page: SignedIn, grant_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:  # a second click: the first one's answer
            return page.redirect(claimed.done_url)
        emergency.deny(page.ctx, grant_id)
        claimed.complete(page.db, _back(page, form))
        return page.redirect(_back(page, form), N_("The emergency access was refused."))


@router.get("/break-glass/review")
@binds(emergency.review, emergency.to_decide, named.named)
def review(page: SignedIn) -> Response:
    """For auditors: every request and every read made under a grant."""
    found = emergency.review(page.ctx)
    grants = [{**row, "active": _active(row["grant"])} for row in found.grants]
    pending = _pending(page)
    refs = _grant_refs([row["grant"] for row in grants] + [row.grant for row in pending])
    refs += [(entry.target_kind, entry.target_id) for entry, _ in found.uses]
    context = {
        "grants": grants,
        "pending": pending,
        "uses": found.uses,
        "hours": HOURS,
        "record_names": record_names(page, refs),
    }
    return page.render("break_glass_review.html", context)
