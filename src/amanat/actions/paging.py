"""Long lists a page at a time: which page, of how many, and the query cut to it.

Every list a user pages through (the caseload, referrals, share requests) asks for a
page by number; a number past the end shows the last page, so a link kept from a longer
list still shows something.  Counting first costs one query more than keyset paging but
gives "page 3 of 12", and these lists are one organisation's, never the whole register
(the audit trail, which is, pages by key instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

# A select of any columns (a select is generic in each of its columns' types).
AnySelect = Select[*tuple[Any, ...]]

PAGE_SIZE = 50
# No list is that long; a bigger number is a mistyped or forged link.
LAST_PAGE = 100_000


@dataclass(frozen=True)
class Paging:
    """One page of a list: its number (from 1), its size and how many items there are."""

    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    @property
    def first(self) -> int:
        """The position of the page's first item, from 1 (0 for an empty list)."""
        return min(self.total, (self.number - 1) * self.size + 1)

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.size)

    def cut(self, query: AnySelect) -> AnySelect:
        """``query`` (already ordered) limited to this page."""
        return query.limit(self.size).offset((self.number - 1) * self.size)


def paging(session: Session, query: AnySelect, number: int | None, size: int = PAGE_SIZE) -> Paging:
    """The page ``number`` of ``query``'s results (the last one if it is past the end)."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    wanted = min(max(number or 1, 1), LAST_PAGE)
    pages = max(1, -(-(total or 0) // size))
    return Paging(min(wanted, pages), size, total or 0)
