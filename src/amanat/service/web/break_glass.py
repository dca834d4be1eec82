"""Emergency ("break-glass") access: asking to read a record one cannot otherwise see,
approving such a request, and the auditors' list of every use.

Everywhere else a record the user may not see is absent (404); this page is the
one place to ask for it, by reference, with a reason.  The request, its approval
(by someone of another organisation, ``access.break_glass``) and every read under
it are in the audit trail, where the alert rules flag the reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy import and_, select
from sqlalchemy.orm import aliased
from starlette.datastructures import FormData

from amanat.access import audit_store
from amanat.access.break_glass import approve_break_glass, request_break_glass
from amanat.access.models import BreakGlass, User
from amanat.access.roles import Permission, Role, can
from amanat.access.sharing import NotFound
from amanat.access.visibility import Viewer
from amanat.actions.records.kinds import KIND_BY_NAME
from amanat.register import InvalidValue, Organisation
from amanat.register.base import utcnow
from amanat.service.web import titles
from amanat.service.web.field_labels import KIND_LABELS
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.i18n import N_
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "break_glass.html"
MIN_REASON = 20
LIST_SIZE = 200
NO_SUCH_RECORD = N_("There is no record with this reference.")
SAY_WHY = N_("Explain the emergency in at least 20 characters.")
# How a read under a grant is marked in the trail (``access.reads``).
GLASS_MARK = '"break_glass": true'


def _audit(page: Page, action: str, grant: BreakGlass, **detail: str | int) -> None:
    viewer = page.user.viewer
    audit_store.append(
        page.db,
        action,
        user_id=viewer.user_id,
        org_id=viewer.org_id,
        target_kind=grant.record_kind,
        target_id=grant.record_id,
        detail={"grant": grant.id, **detail},
    )


def _kinds(page: Page) -> list[tuple[str, str]]:
    return [("", "—")] + [(name, page._(KIND_LABELS.get(name, name))) for name in KIND_BY_NAME]


def _grants(page: Page, viewer: Viewer, mine: bool) -> list[dict[str, Any]]:
    """Requests with who asked and who approved: the user's own, or (``mine`` false)
    every one, for auditors."""
    asker, approver = aliased(User), aliased(User)
    query = (
        select(BreakGlass, asker, approver, Organisation)
        .join(asker, asker.id == BreakGlass.user_id)
        .join(Organisation, Organisation.id == asker.org_id)
        .outerjoin(approver, approver.id == BreakGlass.approved_by_user_id)
    )
    if mine:
        query = query.where(BreakGlass.user_id == viewer.user_id)
    rows = page.db.execute(query.order_by(BreakGlass.id.desc()).limit(LIST_SIZE)).all()
    now = utcnow()
    return [
        {
            "grant": grant,
            "asker": who.display_name,
            "asker_org": org.name,
            "approver": by.display_name if by else None,
            "active": grant.expires_at is not None and _aware(grant.expires_at) > now,
            "url": titles.record_url(grant.record_kind, grant.record_id),
        }
        for grant, who, by, org in rows
    ]


def _aware(when: Any) -> Any:
    # SQLite gives back naive datetimes; the register stores UTC.
    return when if when.tzinfo else when.replace(tzinfo=utcnow().tzinfo)


def _pending(page: Page, viewer: Viewer) -> list[dict[str, Any]]:
    """Requests of other organisations waiting for approval, for those who approve."""
    if not can(viewer.role, Permission.approve):
        return []
    rows = page.db.execute(
        select(BreakGlass, User, Organisation)
        .join(User, User.id == BreakGlass.user_id)
        .join(Organisation, Organisation.id == User.org_id)
        .where(BreakGlass.approved_at.is_(None), User.org_id != viewer.org_id)
        .order_by(BreakGlass.id)
        .limit(LIST_SIZE)
    ).all()
    return [
        {"grant": grant, "asker": user.display_name, "asker_org": org.name}
        for grant, user, org in rows
    ]


def _context(page: Page, form: FormInput) -> dict[str, Any]:
    viewer = page.user.viewer
    return {
        "form": form,
        "kinds": _kinds(page),
        "mine": _grants(page, viewer, mine=True),
        "pending": _pending(page, viewer),
        "hours": [(str(h), str(h)) for h in (1, 2, 4, 8, 24)],
    }


@router.get("/break-glass")
def break_glass_page(page: SignedIn) -> Response:
    asked = page.request.query_params
    form = FormInput.blank(page.lang, {"kind": asked.get("kind"), "record_id": asked.get("id")})
    return page.render(TEMPLATE, _context(page, form))


@router.post("/break-glass")
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
            grant = request_break_glass(page.db, page.user.viewer, kind, record_id, reason)
        except NotFound:
            form.error("record_id", NO_SUCH_RECORD)
            raise page.reject(TEMPLATE, _context(page, form)) from None
        except InvalidValue:
            form.error("reason", SAY_WHY)
            raise page.reject(TEMPLATE, _context(page, form)) from None
        _audit(page, "break_glass_request", grant)
        claimed.complete(page.db, "/break-glass")
        return page.redirect(
            "/break-glass", N_("Your emergency request was sent. It is audited and reviewed.")
        )


@router.post("/break-glass/{grant_id:int}/approval")
def approve(page: SignedIn, grant_id: int, data: Form) -> Response:
    caller = page.user
    caller.require(Permission.approve, "emergency reads")
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        hours = form.integer("hours", 1, 24, required=True)
        if hours is None:
            raise page.reject(TEMPLATE, _context(page, FormInput.blank(page.lang)))
        grant = approve_break_glass(page.db, caller.viewer, grant_id, dt.timedelta(hours=hours))
        _audit(page, "break_glass_approve", grant, hours=hours)
        back = "/break-glass/review" if caller.viewer.role == Role.auditor else "/break-glass"
        claimed.complete(page.db, back)
        return page.redirect(back, N_("The emergency access was approved."))


@router.get("/break-glass/review")
def review(page: SignedIn) -> Response:
    """For auditors: every request and every read made under a grant."""
    viewer = page.require_role(Role.auditor).viewer
    reads = page.db.execute(
        select(audit_store.AuditRecord, User)
        .outerjoin(User, User.id == audit_store.AuditRecord.actor_user_id)
        .where(
            and_(
                audit_store.AuditRecord.action.in_(("read", "reveal_identity")),
                audit_store.AuditRecord.detail.contains(GLASS_MARK),
            )
        )
        .order_by(audit_store.AuditRecord.seq.desc())
        .limit(LIST_SIZE)
    ).all()
    context = {
        "grants": _grants(page, viewer, mine=False),
        "pending": _pending(page, viewer),
        "uses": [(entry, user.display_name if user else "—") for entry, user in reads],
        "hours": [(str(h), str(h)) for h in (1, 2, 4, 8, 24)],
    }
    return page.render("break_glass_review.html", context)
