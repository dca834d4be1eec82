"""The share requests lists: one's own organisation's only, filtered, sorted and paged."""

from __future__ import annotations

import pytest
from tests.actions.conftest import World

from amanat.actions import share_requests, sharing
from amanat.actions.errors import FieldProblem
from amanat.actions.share_requests import Wanted


def _asked(world: World, count: int) -> list[int]:
    """Requests by the police to share the prosecutor's case with the Uzbek police."""
    case = world.create("prosecutor", {"kind": "case", "ref": "case", **CASE})["case"]
    with world.acting("police") as ctx:
        return [sharing.ask(ctx, "case", case, "UZ-MVD", f"reason {n}").id for n in range(count)]


CASE = {"case_type": "tip", "jurisdiction": "KZ", "status": "investigation",
        "opened_on": "2024-03-01", "case_number": "KZ-1"}  # fmt: skip


def test_requests_made_and_to_decide_a_page_at_a_time(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(share_requests, "PAGE_SIZE", 2)
    asked = _asked(world, 3)
    with world.acting("police") as ctx:
        newest = share_requests.request_lists(ctx)
        oldest = share_requests.request_lists(ctx, Wanted(sort="oldest", made_page=2))
        assert share_requests.request_lists(ctx).to_decide == []
    assert [r.id for r in newest.made] == asked[:0:-1]
    assert [r.id for r in oldest.made] == asked[2:]
    assert (newest.made_paging.total, newest.made_paging.pages) == (3, 2)
    with world.acting("prosecutor") as ctx:
        sharing.decide(ctx, asked[0], approve=False, note="no")
        pending = share_requests.request_lists(ctx, Wanted(status="pending"))
        rejected = share_requests.request_lists(ctx, Wanted(status="rejected"))
        with pytest.raises(FieldProblem, match="status"):
            share_requests.request_lists(ctx, Wanted(status="lost"))
    assert sorted(r.id for r in pending.to_decide) == asked[1:]
    assert [r.id for r in rejected.to_decide] == [asked[0]] and rejected.made == []
    with world.acting("uz-police") as ctx:
        nobody = share_requests.request_lists(ctx)
    assert nobody.made == nobody.to_decide == []
