"""The inbox: what waits for the signed-in user — referrals to answer, answers to
the organisation's referrals, share and emergency requests to decide, alerts — and
its count in the header of every page.

The header asks for the count after the page has loaded (``/inbox/count``), so a
page runs only its own actions; each part is counted only for the roles that
decide it (``actions.inbox``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from amanat.actions import inbox, information_requests, referrals
from amanat.actions.door import allowed, binds
from amanat.service.web import referrals as referral_pages
from amanat.service.web.page import Page, SignedIn
from amanat.service.web.rendering import render_text

router = APIRouter(include_in_schema=False)
COUNTS = (
    inbox.referrals,
    inbox.share_requests,
    inbox.emergency,
    inbox.alerts,
    information_requests.waiting,
)


def counts(page: Page) -> dict[str, int]:
    """How many of each wait for the user, for the parts the user decides."""
    ctx = page.ctx
    found: dict[str, int] = {}
    if allowed(ctx, inbox.referrals):
        waiting = inbox.referrals(ctx)
        found.update(referrals_in=waiting.to_answer, answers=waiting.answers)
    if allowed(ctx, inbox.share_requests):
        found["share_requests"] = inbox.share_requests(ctx)
    if allowed(ctx, inbox.emergency):
        found["emergency"] = inbox.emergency(ctx)
    if allowed(ctx, inbox.alerts):
        found["alerts"] = inbox.alerts(ctx)
    if allowed(ctx, information_requests.waiting):
        found["information_requests"], overdue = information_requests.waiting(ctx)
        if overdue:
            # Not added to the header's total twice: shown on the inbox page only.
            found["information_requests_overdue"] = overdue
    return found


@router.get("/inbox/count")
@binds(*COUNTS)
def inbox_count(page: SignedIn) -> Response:
    """The header's number: a fragment htmx puts in place."""
    total = sum(v for k, v in counts(page).items() if not k.endswith("_overdue"))
    # Not ``page.render``: a fragment must not take the page's flash messages.
    html = render_text(page.lang, "inbox_count.html", {"total": total})
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


@router.get("/inbox")
@binds(*COUNTS, *referral_pages.LISTING)
def inbox_page(page: SignedIn) -> Response:
    found = counts(page)
    context: dict[str, Any] = {"counts": found, "to_answer": [], "answers": []}
    if "referrals_in" in found and (found["referrals_in"] or found["answers"]):
        listed = referrals.referrals(page.ctx, referrals.Wanted(waiting=True))
        context["to_answer"], context["answers"] = listed.received, listed.made
        context.update(referral_pages.answering(page))
    return page.render("inbox.html", context)
