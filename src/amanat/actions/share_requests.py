"""The share requests page's two lists: those one's organisation must decide, and those
it made; filtered by status, sorted and each a page at a time (``amanat.actions.paging``).

Requests are about records, not the records: a row names the kind and id of what is
asked for, the organisations and the reason, so listing them is not a read of records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from amanat.access.models import ShareRequest
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.paging import Paging, paging
from amanat.language.i18n import N_

PAGE_SIZE = 50
STATUSES = ("pending", "approved", "rejected")
SORTS: dict[str, tuple[Any, ...]] = {
    "newest": (ShareRequest.requested_at.desc(), ShareRequest.id.desc()),
    "oldest": (ShareRequest.requested_at.asc(), ShareRequest.id.asc()),
}


@dataclass(frozen=True)
class Wanted:
    status: str | None = None
    sort: str = "newest"
    to_decide_page: int | None = None
    made_page: int | None = None


@dataclass(frozen=True)
class RequestLists:
    to_decide: list[ShareRequest]
    made: list[ShareRequest]
    to_decide_paging: Paging
    made_paging: Paging


def _page(ctx: Context, query: Select[Any], number: int | None) -> tuple[list[Any], Paging]:
    page = paging(ctx.session, query, number, PAGE_SIZE)
    return list(ctx.session.scalars(page.cut(query))), page


@action(
    "share.request_list",
    "The share requests one's organisation must decide and those it made, filtered by "
    "status, sorted and a page at a time",
    scope=Scope.own_organisation,
    read_only=True,
    unaudited_because="requests about records, not the records; each one is audited",
)
def request_lists(ctx: Context, wanted: Wanted | None = None) -> RequestLists:
    wanted = wanted or Wanted()
    if wanted.status is not None and wanted.status not in STATUSES:
        raise FieldProblem(
            ("status",), N_("one of %(choices)s"), wanted.status, choices=", ".join(STATUSES)
        )
    if wanted.sort not in SORTS:
        raise FieldProblem(
            ("sort",), N_("one of %(choices)s"), wanted.sort, choices=", ".join(SORTS)
        )
    org = ctx.viewer.org_id

    def query(mine: Any) -> Select[Any]:
        found = select(ShareRequest).where(mine)
        if wanted.status:
            found = found.where(ShareRequest.status == wanted.status)
        return found.order_by(*SORTS[wanted.sort])

    to_decide, to_decide_paging = _page(
        ctx, query(ShareRequest.owner_org_id == org), wanted.to_decide_page
    )
    made, made_paging = _page(ctx, query(ShareRequest.requesting_org_id == org), wanted.made_page)
    return RequestLists(to_decide, made, to_decide_paging, made_paging)
