"""The audit trail's list: newest or oldest first, a page at a time by entry number,
with the search kept on every page and the way back to the first."""

from __future__ import annotations

import re

import pytest
from tests.service.web.conftest import Web

from amanat.service.web import audit


def _numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', html)]


def _next(html: str) -> str | None:
    found = re.search(r'rel="next" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_the_trail_pages_by_entry_number_either_way(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "PAGE_SIZE", 2)
    auditor = web.client("auditor")
    for _ in range(3):
        auditor.get("/audit")  # each search is an "audit_search" entry
    first = auditor.get("/audit?action=audit_search").text
    newest = _numbers(first)
    assert len(newest) == 2 and newest == sorted(newest, reverse=True)
    assert "First page" not in first
    link = _next(first)
    assert link is not None and "action=audit_search" in link and f"from={newest[-1]}" in link
    second = auditor.get(link).text
    assert _numbers(second) and max(_numbers(second)) < newest[-1]
    assert 'href="/audit?action=audit_search"' in second  # back to the first page
    oldest = auditor.get("/audit?action=audit_search&sort=oldest").text
    ascending = _numbers(oldest)
    assert ascending == sorted(ascending) and ascending[0] < newest[-1]
    onward = _next(oldest)
    assert onward is not None and "sort=oldest" in onward
    assert min(_numbers(auditor.get(onward).text)) > ascending[-1]
