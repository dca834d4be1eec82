"""Reading the filters, sort and page of the administrators' users and tokens lists
from the query string: an unknown value is ignored (the list's default), never an
error page, since these links are bookmarked and shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from amanat.access.roles import Role
from amanat.actions import account_lists
from amanat.language.i18n import N_
from amanat.service.web.page import Page

USER_SORT_LABELS = {
    "username": N_("User name"),
    "name": N_("Name"),
    "role": N_("Role"),
    "last_sign_in": N_("Last sign-in"),
}
TOKEN_SORT_LABELS = {
    "newest": N_("Newest first"),
    "expires": N_("Expires"),
    "last_used": N_("Last used"),
    "username": N_("User name"),
}
MAX_PAGE = 100_000
# The states of accounts and tokens (``account_lists``), shown translated.
STATES = (
    N_("awaiting approval"),
    N_("locked"),
    N_("active"),
    N_("disabled"),
    N_("expired"),
    N_("revoked"),
)


@dataclass(frozen=True)
class Wanted:
    # What the list action is called with.
    arguments: dict[str, Any]
    # The query string's own values, to fill the filter form and build page links.
    shown: dict[str, str] = field(default_factory=dict)

    def page_url(self, path: str, page: int) -> str:
        kept = {name: value for name, value in self.shown.items() if value and name != "page"}
        return f"{path}?{urlencode({**kept, 'page': page})}"


def _page(page: Page) -> int:
    text = page.request.query_params.get("page", "1")
    return int(text) if text.isdigit() and 1 <= int(text) <= MAX_PAGE else 1


def _text(page: Page) -> str:
    return page.request.query_params.get("q", "").strip()[:80]


def users_wanted(page: Page) -> Wanted:
    asked = page.request.query_params
    role = asked.get("role", "")
    role = role if role in {r.value for r in Role} else ""
    state_name = asked.get("state", "")
    state = account_lists.AccountState.__members__.get(state_name)
    sort = asked.get("sort", "username")
    sort = sort if sort in account_lists.USER_SORTS else "username"
    arguments = {
        "text": _text(page) or None,
        "role": role or None,
        "state": state,
        "sort": sort,
        "page": _page(page),
    }
    shown = {
        "q": _text(page),
        "role": role,
        "state": state.name if state else "",
        "sort": sort,
        "page": str(_page(page)),
    }
    return Wanted(arguments, shown)


def tokens_wanted(page: Page) -> Wanted:
    asked = page.request.query_params
    state = account_lists.TokenState.__members__.get(asked.get("state", ""))
    sort = asked.get("sort", "newest")
    sort = sort if sort in account_lists.TOKEN_SORTS else "newest"
    arguments = {"text": _text(page) or None, "state": state, "sort": sort, "page": _page(page)}
    shown = {
        "q": _text(page),
        "state": state.name if state else "",
        "sort": sort,
        "page": str(_page(page)),
    }
    return Wanted(arguments, shown)


def user_sorts(page: Page) -> list[tuple[str, str]]:
    return [(name, page._(label)) for name, label in USER_SORT_LABELS.items()]


def token_sorts(page: Page) -> list[tuple[str, str]]:
    return [(name, page._(label)) for name, label in TOKEN_SORT_LABELS.items()]
