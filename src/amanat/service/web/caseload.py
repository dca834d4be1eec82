"""NGO case workers: the caseload, the victims their organisation registered.

Referrals, made and received, are on their own pages (``referrals``,
``referral_forms``).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from amanat.actions import caseload as caseloads
from amanat.actions import named
from amanat.actions.door import binds
from amanat.service.web import titles
from amanat.service.web.page import SignedIn

router = APIRouter(include_in_schema=False)


@router.get("/caseload")
@binds(caseloads.caseload, named.named)
def caseload(page: SignedIn, before: int | None = None) -> Response:
    found = caseloads.caseload(page.ctx, before)
    cases = named.named(page.ctx, {"case": [v.case_id for v in found.victims]}, "caseload")
    context = {
        "victims": found.victims,
        "pseudonyms": found.pseudonyms,
        "cases": titles.titles_from(cases, "case", page.lang),
        "older": found.older,
    }
    return page.render("caseload.html", context)
