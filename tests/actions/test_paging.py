"""Paging: which page, of how many, and a number past the end showing the last page."""

from __future__ import annotations

from sqlalchemy import Engine, select
from tests.service.web.conftest import build_world

from amanat.actions.paging import LAST_PAGE, Paging, paging
from amanat.register import Organisation
from amanat.store.engine import transaction


def test_where_a_page_is_in_its_list() -> None:
    middle = Paging(number=2, size=10, total=25)
    assert (middle.pages, middle.previous, middle.next) == (3, 1, 3)
    assert (middle.first, middle.last) == (11, 20)
    last = Paging(number=3, size=10, total=25)
    assert (last.next, last.first, last.last) == (None, 21, 25)
    empty = Paging(number=1, size=10, total=0)
    assert (empty.pages, empty.previous, empty.next, empty.first, empty.last) == (
        1, None, None, 0, 0,
    )  # fmt: skip


def test_a_query_cut_to_its_page_and_a_page_past_the_end(engine: Engine) -> None:
    build_world(engine)
    query = select(Organisation.id).order_by(Organisation.id)
    with transaction(engine) as session:
        every = list(session.scalars(query))
        second = paging(session, query, 2, size=3)
        assert second.total == len(every) and second.pages == -(-len(every) // 3)
        assert list(session.scalars(second.cut(query))) == every[3:6]
        beyond = paging(session, query, LAST_PAGE * 10, size=3)
        assert beyond.number == beyond.pages
        assert list(session.scalars(beyond.cut(query))) == every[(beyond.pages - 1) * 3 :]
        assert paging(session, query, 0, size=3).number == 1
