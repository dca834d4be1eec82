"""Journey 3 in a real headless Chromium: an analyst searches a Latin spelling, sees one
row for the person with all his visible records, opens the merged profile, then opens
him in the network.

The Kazakh police and prosecutor recorded Erlan Jumanbekov (in Cyrillic and in Latin,
shared with the task force), and the Uzbek ministry once more for its own eyes only;
resolution joined the three.  The analyst, at the police, sees two of them: one row, a
profile of two records, and nothing of the third.  Browser and server as in
test_e2e.py (Debian's chromium; fails, never skips, without it); screenshots of each
step go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from tests.service.web.conftest import build_world, password_hash, serving
from tests.service.web.test_e2e import LAPTOP, PHONE, _open, _shot, browser
from tests.service.web.test_search import one_man_in_three_agencies

from amanat.access.accounts import organisation_by_code
from amanat.access.models import User
from amanat.store.engine import make_engine, transaction

__all__ = ["browser"]  # the module-scoped fixture of test_e2e


@pytest.fixture(scope="module")
def register(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, int]]]:
    """A server over the small world, an analyst at the Kazakh police, and the man."""
    path = tmp_path_factory.mktemp("e2e-grouped") / "register.sqlite"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    build_world(engine)
    with transaction(engine) as session:
        police = organisation_by_code(session, "KZ-POL")
        session.add(
            User(
                org_id=police.id,
                username="analyst",
                display_name="Asel Analyst",
                role="analyst",
                language="en",
                password_hash=password_hash(),
            )
        )
    ids = one_man_in_three_agencies(engine)
    with serving(engine) as address:
        yield address, ids
    engine.dispose()


def test_journey_one_person_one_row_merged_profile_network(
    browser: Browser, register: tuple[str, dict[str, int]]
) -> None:
    server, ids = register
    page = _open(browser, server, "analyst", LAPTOP)
    page.get_by_role("link", name="Search", exact=True).first.click()
    page.fill("#f-q", "Jumanbekov")
    page.fill("#f-purpose", "Analysis of recruiter networks, request 2024/17")
    page.get_by_role("button", name="Search", exact=True).click()
    rows = page.locator("tr.person-row")
    expect(rows).to_have_count(1)
    row = rows.first
    # The spelling typed leads; the police's Cyrillic record is in the same row.
    expect(row).to_contain_text("Jumanbekov Erlan")
    expect(row).to_contain_text("Also written: Джуманбеков Ерлан")
    expect(row).to_contain_text("Records: 2")
    expect(row).to_contain_text("Kazakhstan police")
    expect(row).to_contain_text("Kazakhstan prosecutor")
    expect(row).to_contain_text(re.compile(r"\d+ %"))
    assert "Tursunovich" not in page.content()  # the Uzbek record: not there at all
    assert "Match probability" not in page.content()
    _shot(page, "grouped-search-laptop")

    row.get_by_role("link", name="Jumanbekov Erlan").click()
    expect(page).to_have_url(f"{server}/people/{ids['prosecutor']}")
    profile = page.locator("section.merged-profile")
    expect(profile).to_contain_text("This person in 2 records")
    expect(profile).to_contain_text("Джуманбеков Ерлан")
    expect(profile).to_contain_text("8 701 234 56 78 (+77012345678)")
    expect(profile).to_contain_text("B — Usually reliable")
    expect(profile).to_contain_text("C — Fairly reliable")
    expect(profile.locator("thead th")).to_have_count(3)  # the label column and two records
    assert "Tursunovich" not in page.content()
    _shot(page, "merged-profile-laptop")

    page.get_by_role("link", name="Show in network").click()
    expect(page).to_have_url(
        re.compile(rf"/monitor/networks/graph\?around=person%3A{ids['prosecutor']}$")
    )
    expect(page.locator("#g-around")).to_have_value(f"person:{ids['prosecutor']}")
    expect(page.locator("#graph-status")).not_to_have_text("Loading the neighbourhood…")
    _shot(page, "network-from-profile-laptop")


def test_the_merged_profile_on_a_phone(
    browser: Browser, register: tuple[str, dict[str, int]]
) -> None:
    server, ids = register
    page = _open(browser, server, "analyst", PHONE)
    page.goto(f"/people/{ids['police']}")
    expect(page.locator("section.merged-profile")).to_contain_text("This person in 2 records")
    _shot(page, "merged-profile-phone")
