"""Journey 4 in a real headless Chromium: a case worker finds her own client by the name
she gave, typed in another script than the one it was registered in.

She registers two victims, then in "My caseload" types the Latin spelling of one's
Cyrillic name: one row, her pseudonym; opening it and asking for the identity shows the
name.  The search is a POST, so the name is in no address; the caseload's filters still
work without it.  Browser and server as in test_e2e.py (Debian's chromium; fails, never
skips, without it); screenshots of each step go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from tests.service.web.test_e2e import LAPTOP, PHONE, _open, _saved, _shot, browser, server

__all__ = ["browser", "server"]  # the module-scoped fixtures of test_e2e

CLIENT = "Айгуль Сапарова"
ANOTHER = "Гулнора Турсунова"


def _register(page: Page, name: str, status: str) -> str:
    """Register a victim; her pseudonym."""
    page.goto("/victims/new")
    page.check("#f-consent_assistance")
    page.fill("#f-full_name", name)
    page.select_option("#f-sex", "female")
    page.select_option("#f-citizenship", "KG")
    page.fill("#f-birth_year", "1999")
    page.select_option("#f-trafficking_status", status)
    page.check("input[name=exploitation][value=ForcedLabour]")
    page.select_option("#f-tlp", "AMBER")
    page.select_option("#f-distribution", "owner")
    page.get_by_role("button", name="Register the victim").click()
    _saved(page, "The victim was registered; the identity is sealed.")
    return page.locator("h1 .pseudonym").inner_text()


def test_journey_a_case_worker_finds_her_own_client_by_name(browser: Browser, server: str) -> None:
    ngo = _open(browser, server, "ngo", LAPTOP)
    client = _register(ngo, CLIENT, "ActualVictim")
    another = _register(ngo, ANOTHER, "PossibleVictim")

    ngo.goto("/")
    ngo.get_by_role("link", name="My caseload").first.click()
    rows = ngo.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    _shot(ngo, "caseload-laptop")

    ngo.fill("#f-name", "aigul SAPAROVA")  # Latin, any case; she was registered in Cyrillic
    ngo.get_by_role("button", name="Search").click()
    expect(ngo.locator("#list-heading")).to_have_text("Victims with this name")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(client)
    assert another not in ngo.locator("main table").inner_text()
    assert "aigul" not in ngo.url.casefold() and "saparova" not in ngo.url.casefold()
    _shot(ngo, "caseload-found-by-name-laptop")

    ngo.get_by_role("link", name=client).click()
    expect(ngo.locator("h1 .pseudonym")).to_have_text(client)
    ngo.select_option("#f-purpose", "assistance")
    ngo.get_by_role("button", name="Show the identity").click()
    expect(ngo.locator("#identity")).to_contain_text(CLIENT)
    _shot(ngo, "caseload-client-identity-laptop")


def test_the_caseload_filters_on_a_phone(browser: Browser, server: str) -> None:
    ngo = _open(browser, server, "ngo", PHONE)
    possible = _register(ngo, ANOTHER, "PossibleVictim")
    ngo.goto("/caseload")
    ngo.select_option("#f-status", "PossibleVictim")
    ngo.select_option("#f-sort", "oldest")
    ngo.get_by_role("button", name="Search").click()
    table = ngo.locator("main table")
    expect(table).to_contain_text(possible)
    assert "Identified victim" not in table.inner_text()
    _shot(ngo, "caseload-filtered-phone")
    # A typed word that folds to nothing is told beside the field, and the list stays.
    ngo.fill("#f-name", "1985")
    ngo.get_by_role("button", name="Search").click()
    expect(ngo.locator("#name-error")).to_have_text("Type at least one word of her name.")
    _shot(ngo, "caseload-name-error-phone")
