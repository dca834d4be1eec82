"""End to end, in a real headless Chromium: a case from the NGO's first contact with a
victim to the prosecutor's conviction, across four organisations.

The browser is the Debian ``chromium`` package driven by Playwright (``playwright
install`` is never run: nothing is downloaded).  Without it the test fails, never
skips: ``apt-get install chromium``.  The server is uvicorn on 127.0.0.1 over a
temporary SQLite register.  Screenshots of the main pages, at laptop and phone
widths, go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright
from tests.service.web.conftest import PASSWORD, build_world, serving
from tests.service.web.known_people import add_known_people

from amanat.store.engine import make_engine

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
LAPTOP: ViewportSize = {"width": 1280, "height": 860}
PHONE: ViewportSize = {"width": 390, "height": 844}
VICTIM_NAME = "Айгуль Сапарова"


@pytest.fixture(scope="module")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("e2e") / "register.sqlite"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    build_world(engine)
    add_known_people(engine)
    with serving(engine) as address:
        yield address
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _open(browser: Browser, server: str, username: str, viewport: ViewportSize) -> Page:
    """A new browser signed in as ``username``, with the keyboard only."""
    page = browser.new_context(viewport=viewport, base_url=server).new_page()
    page.goto("/login")
    # The user name field takes the focus (autofocus); on a loaded machine wait for
    # it, or the first keystrokes go nowhere.
    expect(page.locator("#username")).to_be_focused()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/", timeout=60_000)
    return page


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _saved(page: Page, message: str) -> None:
    """Wait for the confirmation; if the form came back instead, say what it said."""
    try:
        expect(page.get_by_text(message)).to_be_visible()
    except AssertionError:
        _shot(page, "failure")
        errors = page.locator(".error, .form-errors").all_inner_texts()
        raise AssertionError(f"not saved ({page.url}): {errors}") from None


def _marking(page: Page) -> None:
    page.select_option("#f-tlp", "AMBER")
    page.select_option("#f-distribution", "group")
    page.select_option("#f-group", "Task force")


def _police_open_case(page: Page) -> str:
    page.get_by_role("link", name="Open a case").first.click()
    page.select_option("#f-case_type", "tip")
    page.fill("#f-case_number", "KZ-2024-0457")
    page.fill("#f-title", "Tobacco farm labour, Turkestan region")
    page.fill("#f-opened_on", "2024-03-01")
    _marking(page)
    _shot(page, "case-form-laptop")
    page.get_by_role("button", name="Open the case").click()
    _saved(page, "The case was opened.")
    return page.url


def _police_add_suspect(page: Page, case_url: str) -> None:
    page.goto(f"{case_url}/people/new")
    page.fill("#f-full_name", "Джуманбеков Ерлан")
    page.select_option("#f-sex", "male")
    page.fill("#f-birth_year", "1979")
    page.select_option("#f-role", "suspect")
    page.select_option("#f-perpetrator_role", "RecruiterOrIntermediary")
    _marking(page)
    page.get_by_role("button", name="Add to the case").click()
    _saved(page, "The person was added to the case.")


def _event(page: Page, case_url: str, stage: str, day: str, **extra: str) -> None:
    page.goto(f"{case_url}/events/new")
    page.select_option("#f-stage", stage)
    page.fill("#f-occurred_on", day)
    page.select_option("#f-person_id", label="Джуманбеков Ерлан")
    for field, value in extra.items():
        page.fill(f"#f-{field}", value)
    _marking(page)
    page.get_by_role("button", name="Add to the case").click()
    _saved(page, "The event was added to the case.")


def _ngo_register_victim(page: Page) -> str:
    page.get_by_role("link", name="Register a victim").first.click()
    # Consent first: it is the first thing on the form.
    first_field = page.locator("form.stack input:not([type=hidden]), form.stack select").first
    expect(first_field).to_have_attribute("name", "consent_assistance")
    page.check("#f-consent_assistance")
    page.fill("#f-full_name", VICTIM_NAME)
    page.select_option("#f-sex", "female")
    page.select_option("#f-citizenship", "KG")
    page.fill("#f-birth_year", "1999")
    page.select_option("#f-trafficking_status", "ActualVictim")
    page.check("input[name=exploitation][value=ForcedLabour]")
    page.check("input[name=means_of_control][value=WithholdsDocuments]")
    page.select_option("#f-case_id", label="KZ-2024-0457 — Tobacco farm labour, Turkestan region")
    _marking(page)
    _shot(page, "victim-form-phone")
    page.get_by_role("button", name="Register the victim").click()
    _saved(page, "The victim was registered; the identity is sealed.")
    return page.url


def test_a_case_from_first_contact_to_conviction(browser: Browser, server: str) -> None:
    started = time.monotonic()
    police = _open(browser, server, "police", LAPTOP)
    _shot(police, "dashboard-investigator-laptop")
    case_url = _police_open_case(police)
    _police_add_suspect(police, case_url)

    ngo = _open(browser, server, "ngo", PHONE)
    _shot(ngo, "dashboard-case-worker-phone")
    victim_url = _ngo_register_victim(ngo)
    pseudonym = ngo.locator("h1 .pseudonym").inner_text()
    assert re.fullmatch(r"V-KG-\w+", pseudonym)
    assert VICTIM_NAME not in ngo.content()
    _shot(ngo, "victim-page-case-worker-phone")
    ngo.select_option("#f-purpose", "assistance")
    ngo.get_by_role("button", name="Show the identity").click()
    expect(ngo.locator("#identity")).to_contain_text(VICTIM_NAME)  # swapped in by htmx
    # Referring her to a shelter is journey 1 (test_e2e_referrals).

    _event(police, case_url, "arrested", "2024-04-01")
    _event(police, case_url, "charged", "2024-04-05", article="128", part="3")
    prosecutor = _open(browser, server, "prosecutor", LAPTOP)
    prosecutor.goto(case_url)
    _event(prosecutor, case_url, "convicted", "2024-09-12", court="Turkestan district court")

    police.goto(case_url)
    timeline = police.locator("ol.timeline")
    expect(timeline).to_contain_text("Arrested")
    expect(timeline).to_contain_text("Charged")
    expect(timeline).to_contain_text("Convicted")
    expect(police.get_by_text("KZ 128 (3)")).to_be_visible()
    expect(police.get_by_role("link", name=pseudonym)).to_be_visible()
    assert VICTIM_NAME not in police.content()
    _shot(police, "case-page-laptop")
    police.get_by_role("link", name="Change", exact=True).click()
    police.select_option("#f-status", "prosecution")
    _shot(police, "case-edit-laptop")
    police.get_by_role("button", name="Save the changes").click()
    _saved(police, "Your changes were saved.")
    police.goto(victim_url)
    expect(police.get_by_text("see the pseudonym only")).to_be_visible()
    assert VICTIM_NAME not in police.content()
    _shot(police, "victim-page-police-laptop")
    police.set_viewport_size(PHONE)
    police.goto(case_url)
    _shot(police, "case-page-phone")

    russian = _open(browser, server, "police-ru", LAPTOP)
    expect(russian.get_by_role("link", name="Завести дело").first).to_be_visible()
    russian.goto(case_url)
    expect(russian.locator("main")).to_contain_text("Торговля людьми")
    expect(russian.locator("main")).to_contain_text("Ход уголовного процесса")
    expect(russian.locator("main")).to_contain_text("Осуждён")
    _shot(russian, "case-page-russian-laptop")
    russian.goto("/cases/new")
    russian.get_by_role("button", name="Завести дело").click()
    expect(russian.locator("#case_type-error")).to_have_text("Это поле обязательно.")
    _shot(russian, "case-form-errors-russian-laptop")

    auditor = _open(browser, server, "auditor", LAPTOP)
    auditor.goto("/audit?action=reveal_identity")
    expect(auditor.locator("main table")).to_contain_text("reveal_identity")
    _shot(auditor, "audit-trail-laptop")
    assert time.monotonic() - started < 60


def test_the_docs_render_under_their_security_policy(browser: Browser, server: str) -> None:
    """Swagger UI runs its inline start script (allowed by its hash) and calls the
    API, and the browser refuses nothing (``test_headers`` checks the policy)."""
    page = browser.new_context(viewport=LAPTOP, base_url=server).new_page()
    # Set before the page's own scripts run; the policy does not apply to it.
    page.add_init_script(
        "window.refused = []; document.addEventListener('securitypolicyviolation',"
        " e => window.refused.push(e.violatedDirective + ' ' + e.blockedURI))"
    )
    answer = page.goto("/docs")
    assert (
        answer is not None
        and "script-src 'self' 'sha256-" in (answer.headers["content-security-policy"])
    )
    page.click(".opblock-summary >> nth=0", timeout=15_000)
    page.click("text=Try it out")
    page.click("text=Execute")
    status = page.locator(".live-responses-table tbody .response-col_status").first
    assert status.inner_text(timeout=10_000).strip() == "200"
    _shot(page, "docs-laptop")
    assert page.evaluate("window.refused") == []
