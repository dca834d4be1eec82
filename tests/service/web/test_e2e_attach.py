"""Journey 2 in a real headless Chromium: an investigator opens a case, finds
"Mamadaliev Ulugbek" (recorded by the prosecutor's office in Latin letters) by typing
"Мамадалиев", attaches him with one click, and records his arrest and the charges.
Giving his name as a new person instead first shows him ("Is this one of them?").

Browser and server as in test_e2e.py (Debian's chromium; fails, never skips,
without it); the server's register holds ``known_people``.  Screenshots of each step
go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from tests.service.web.known_people import EARLIER_CASE, MAMADALIEV
from tests.service.web.test_e2e import (
    LAPTOP,
    PHONE,
    _marking,
    _open,
    _saved,
    _shot,
    browser,
    server,
)

__all__ = ["browser", "server"]  # the module-scoped fixtures of test_e2e


def _open_case(page: Page, number: str) -> str:
    page.get_by_role("link", name="Open a case").first.click()
    page.select_option("#f-case_type", "tip")
    page.fill("#f-case_number", number)
    page.fill("#f-title", "Brick kiln labour, Shymkent")
    page.fill("#f-opened_on", "2024-06-03")
    _marking(page)
    page.get_by_role("button", name="Open the case").click()
    _saved(page, "The case was opened.")
    return page.url


def _event(page: Page, case_url: str, stage: str, day: str, **extra: str) -> None:
    page.goto(f"{case_url}/events/new")
    page.select_option("#f-stage", stage)
    page.fill("#f-occurred_on", day)
    page.select_option("#f-person_id", label=MAMADALIEV)
    for field, value in extra.items():
        page.fill(f"#f-{field}", value)
    _marking(page)
    page.get_by_role("button", name="Add to the case").click()
    _saved(page, "The event was added to the case.")


def _is_the_known_record(page: Page, case_url: str) -> None:
    """His page, opened from the new case, is the prosecutor's record: it names the
    earlier case too (no new person was made)."""
    page.goto(case_url)
    page.get_by_role("link", name=MAMADALIEV).first.click()
    expect(page.locator("main")).to_contain_text(EARLIER_CASE)


def test_journey_find_him_in_cyrillic_attach_him_and_charge_him(
    browser: Browser, server: str
) -> None:
    police = _open(browser, server, "police", LAPTOP)
    case_url = _open_case(police, "KZ-2024-0613")
    police.get_by_role("link", name="Add a person to the case").click()
    police.fill("#f-q", "Мамадалиев")
    police.get_by_role("button", name="Find").click()
    found = police.locator("ul.links li")
    expect(found).to_have_count(1)
    expect(found).to_contain_text(MAMADALIEV)
    expect(police.locator("main")).not_to_contain_text("Search by name above first.")
    police.select_option("#f-perpetrator_role", "RecruiterOrIntermediary")
    _marking(police)
    _shot(police, "attach-found-in-cyrillic-laptop")
    police.get_by_role("button", name=f"Add to the case {MAMADALIEV}").click()
    _saved(police, "The person was added to the case.")
    expect(police.get_by_role("link", name=MAMADALIEV).first).to_be_visible()

    _event(police, case_url, "arrested", "2024-06-05")
    _event(police, case_url, "charged", "2024-06-07", article="128", part="3")
    police.goto(case_url)
    pipeline = police.locator("main")
    expect(pipeline).to_contain_text("KZ 128 (3)")
    expect(police.locator(".timeline")).to_contain_text(f"Arrested · Jun 5, 2024 · {MAMADALIEV}")
    _shot(police, "attach-case-with-arrest-and-charge-laptop")
    _is_the_known_record(police, case_url)
    _shot(police, "attach-person-page-laptop")


def test_a_new_person_with_his_name_is_shown_him_first(browser: Browser, server: str) -> None:
    police = _open(browser, server, "police", PHONE)
    case_url = _open_case(police, "KZ-2024-0614")
    police.goto(f"{case_url}/people/new")
    police.fill("#f-full_name", "Мамадалиев Улугбек")
    police.select_option("#f-sex", "male")
    _marking(police)
    police.get_by_role("button", name="Add to the case").last.click()
    expect(police.locator("#likely")).to_contain_text("Is this one of them?")
    expect(police.locator("ul.links li")).to_contain_text(MAMADALIEV)
    _shot(police, "attach-is-this-one-of-them-phone")
    police.get_by_role("button", name=f"Add to the case {MAMADALIEV}").click()
    _saved(police, "The person was added to the case.")
    _is_the_known_record(police, case_url)
