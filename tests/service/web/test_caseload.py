"""The caseload page: her own organisation's victims found by name (a POST, so the name
is in no address), filtered, sorted and paged with links that keep the filters."""

from __future__ import annotations

import re

import pytest
from tests.service.web.conftest import Web, form_token, register_victim, text_of

from amanat.actions import caseload


def _search(web: Web, username: str, **fields: str) -> tuple[str, str]:
    """Post the caseload's search form; the page's URL and visible text."""
    client = web.client(username)
    page = client.get("/caseload")
    answer = client.post("/caseload", data={"form_token": form_token(page.text), **fields})
    assert answer.status_code == 200, answer.text
    return str(answer.url), answer.text


def test_a_case_worker_finds_her_client_by_name_and_the_name_is_in_no_address(web: Web) -> None:
    aigul = register_victim(web.client("ngo"))  # Айгуль Сапарова
    other = register_victim(web.client("ngo"), full_name="Гулнора Турсунова")
    url, html = _search(web, "ngo", name="saparova AIGUL")
    assert url.endswith("/caseload")
    assert f'href="/victims/{aigul}"' in html and f'href="/victims/{other}"' not in html
    assert "Victims with this name" in text_of(html)
    _, html = _search(web, "ngo", name="Dilnoza")
    assert "None of your organisation's victims has this name" in text_of(html)


def test_the_search_needs_the_pages_form_token(web: Web) -> None:
    answer = web.client("ngo").post("/caseload", data={"name": "Aigul"})
    assert answer.status_code in (400, 403), answer.status_code


def test_who_may_not_search_by_name_is_told_beside_the_field(web: Web) -> None:
    _, html = _search(web, "police", name="Aigul")
    assert 'id="name-error"' in html
    assert "Only case workers, who may see her identity, search by name." in text_of(html)


def test_filters_and_pages_keep_each_other(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(caseload, "PAGE_SIZE", 1)
    ids = [register_victim(web.client("ngo")) for _ in range(2)]
    possible = register_victim(web.client("ngo"), trafficking_status="PossibleVictim")
    ngo = web.client("ngo")
    page = ngo.get("/caseload?status=ActualVictim&sort=oldest").text
    assert f'href="/victims/{ids[0]}"' in page and "1–1 of 2" in text_of(page)
    following = re.search(r'rel="next" href="([^"]+)"', page)
    assert following is not None
    link = following.group(1).replace("&amp;", "&")
    assert "status=ActualVictim" in link and "sort=oldest" in link and "page=2" in link
    second = ngo.get(link).text
    assert f'href="/victims/{ids[1]}"' in second and f'href="/victims/{possible}"' not in second
    # A name search pages by buttons of a form that carries the name, not by links.
    _, found = _search(web, "ngo", name="Айгуль", sort="oldest")
    assert 'rel="next"' not in found
    assert re.search(r'<input type="hidden" name="name" value="Айгуль">', found)
    assert re.search(r'<button [^>]*name="page" value="2"', found)


def test_a_filter_that_is_not_a_choice_is_shown_beside_it(web: Web) -> None:
    register_victim(web.client("ngo"))
    page = web.client("ngo").get("/caseload?referral=lost").text
    assert 'id="referral-error"' in page
