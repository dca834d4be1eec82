"""Accessibility and phones, in a real headless Chromium: every page of every role's
menu, and the record pages, pass axe-core with no serious or critical violation
(``axe.assert_accessible``) and do not widen a 375 px screen (tables scroll inside
their wrapper); a form that comes back with errors leads with a summary that takes
the focus and links to each field; a file's columns are mapped for import with
drop-downs.

Browser and server as in test_e2e.py; screenshots go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, ViewportSize, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from tests.service.web.axe import assert_accessible, violations
from tests.service.web.conftest import browser_world, serving
from tests.service.web.test_e2e import (
    LAPTOP,
    _ngo_register_victim,
    _open,
    _police_add_suspect,
    _police_open_case,
    _saved,
    _shot,
    browser,
)

from amanat.access.roles import Role
from amanat.service.web.navigation import menu

__all__ = ["browser"]  # the module-scoped fixture of test_e2e

NARROW: ViewportSize = {"width": 375, "height": 812}
# Who does each job in the test world (conftest), and an analyst added here.
USERS = {
    Role.investigator: "police",
    Role.prosecutor: "prosecutor",
    Role.analyst: "analyst",
    Role.case_worker: "ngo",
    Role.statistics_officer: "stats",
    Role.auditor: "auditor",
    Role.administrator: "admin",
}
# Record pages, for the roles whose work is records.
RECORD_ROLES = (Role.investigator, Role.prosecutor, Role.analyst, Role.case_worker)
# The monitoring tabs under /monitor (the menu names only the overview); the network
# graph is added centred on the site's suspect.
MONITORING = ("/monitor/pipeline", "/monitor/flows", "/monitor/statistics", "/monitor/networks")
PEOPLE = "Номер;Фамилия;Имя;Пол;Примечание\nP-1;Асанов;Бакыт;муж.;первый\nP-2;Иванова;Мария;жен.;\n"


@dataclass(frozen=True)
class Site:
    address: str
    records: tuple[str, ...]  # paths of a case, its suspect and a victim


@pytest.fixture(scope="module")
def site(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory, browser: Browser
) -> Iterator[Site]:
    engine = browser_world(sqlite_template, tmp_path_factory, "a11y")
    with serving(engine) as address:
        police = _open(browser, address, "police", LAPTOP)
        case_url = _police_open_case(police)
        _police_add_suspect(police, case_url)
        person_url = police.get_by_role("link", name="Джуманбеков Ерлан").first.get_attribute(
            "href"
        )
        ngo = _open(browser, address, "ngo", LAPTOP)
        victim_url = _ngo_register_victim(ngo)
        paths = tuple(re.sub(r"^https?://[^/]+", "", u) for u in (case_url, victim_url))
        yield Site(address, (*paths, str(person_url)))
        police.context.close()
        ngo.context.close()
    engine.dispose()


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "start"


def _fits(page: Page) -> None:
    """Nothing on the page is wider than the screen: a wide table scrolls inside its
    wrapper, which the keyboard can reach and scroll, so every column is reachable."""
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= NARROW["width"], f"{page.url} is {width} px wide at 375 px"
    # amanat.js marks them once the page has been laid out anew (on "resize").
    reachable = (
        "() => [...document.querySelectorAll('.table-wrap')]"
        ".every(w => w.scrollWidth <= w.clientWidth + 1 || w.tabIndex === 0)"
    )
    try:
        page.wait_for_function(reachable, timeout=3000)
    except PlaywrightTimeout:
        raise AssertionError(f"{page.url}: a wide table the keyboard cannot scroll") from None


@pytest.mark.parametrize("role", list(USERS), ids=str)
def test_every_page_of_a_role_is_accessible_and_fits_a_phone(
    browser: Browser, site: Site, role: Role
) -> None:
    page = _open(browser, site.address, USERS[role], LAPTOP)
    # The menu's pages, and the header's: the inbox and one's own account.
    paths = [path for path, _ in menu(role)] + ["/inbox", "/account"]
    if role in RECORD_ROLES:
        paths += site.records
    checked = []
    for path in paths:
        page.set_viewport_size(LAPTOP)
        answer = page.goto(path)
        assert answer is not None
        if answer.status == 404:  # a record this role may not see
            continue
        assert answer.ok, f"{path}: {answer.status}"
        page.wait_for_load_state("networkidle")
        assert_accessible(page)
        page.set_viewport_size(NARROW)
        _fits(page)
        assert_accessible(page)  # wide tables now scroll: each wrapper takes the focus
        _shot(page, f"a11y-{role.value}-{_slug(path)}-375")
        checked.append(path)
    assert len(checked) >= len(menu(role))


@pytest.mark.parametrize("username", ["police", "stats"])
def test_the_monitoring_pages_are_accessible_and_fit_a_phone(
    browser: Browser, site: Site, username: str
) -> None:
    """Regression: the pipeline's four charts and the flows' three failed axe's serious
    "svg-img-alt" (an image with no name): the sub-pages were not checked at all."""
    page = _open(browser, site.address, username, LAPTOP)
    suspect = site.records[2].rstrip("/").rsplit("/", 1)[1]
    graph = f"/monitor/networks/graph?around=person%3A{suspect}"
    for path in (*MONITORING, graph):
        page.set_viewport_size(LAPTOP)
        answer = page.goto(path)
        assert answer is not None and answer.ok, f"{path}: {answer and answer.status}"
        page.wait_for_load_state("networkidle")
        if path == graph and username == "police":  # drawn (the statistician sees no one)
            page.wait_for_selector("#network-graph[data-ready]", timeout=30_000)
        for svg in page.locator("svg[role=img]").all():
            expect(svg).to_have_accessible_name(re.compile(r"\w"))
        assert_accessible(page)
        page.set_viewport_size(NARROW)
        _fits(page)
        assert_accessible(page)
        _shot(page, f"a11y-{username}-{_slug(path)}-375")


def test_a_form_with_errors_leads_with_a_summary_that_takes_the_focus(
    browser: Browser, site: Site
) -> None:
    page = _open(browser, site.address, "police", NARROW)
    page.goto("/cases/new")
    page.fill("#f-opened_on", "2999-01-01")
    page.get_by_role("button", name="Open the case").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    links = summary.locator("a")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "#f-case_type" in hrefs and "#f-opened_on" in hrefs, hrefs
    # Each link says which field, then what is wrong with it.
    expect(summary.locator('a[href="#f-opened_on"]')).to_have_text(
        "Opened on: This date is in the future."
    )
    assert_accessible(page)
    _shot(page, "form-error-summary-375")
    summary.locator('a[href="#f-opened_on"]').click()
    expect(page.locator("#f-opened_on")).to_be_focused()
    _fits(page)


def test_a_files_columns_are_mapped_with_drop_downs(
    browser: Browser, site: Site, tmp_path: Path
) -> None:
    page = _open(browser, site.address, "police", LAPTOP)
    page.get_by_role("link", name="Import a file").click()
    page.set_input_files(
        "#f-file",
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": PEOPLE.encode()}],
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_label("Фамилия")).to_have_value("name.family")
    expect(page.get_by_label("Kind of record")).to_have_value("person")
    assert "kind: person" not in page.locator("main").inner_text()  # the YAML is folded away
    assert_accessible(page)
    _shot(page, "import-mapping-laptop")
    # The notes column goes nowhere; the given name goes to the notes instead.
    page.get_by_label("Имя").select_option(label="Notes")
    page.get_by_label("Примечание").select_option(label="Not imported")
    page.select_option("#f-tlp", "AMBER")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download the profile (YAML)").click()
    saved = tmp_path / "profile.yaml"
    waiting.value.save_as(saved)
    assert waiting.value.suggested_filename == "people.profile.yaml"
    profile = yaml.safe_load(saved.read_text("utf-8"))
    assert profile["columns"]["Имя"] == "notes" and "Примечание" not in profile["columns"]
    page.get_by_role("button", name="Check (preview)").click()
    expect(page.locator("main")).to_contain_text("Preview: nothing has been imported yet")
    expect(page.get_by_label("Имя")).to_have_value("notes")
    assert_accessible(page)
    page.set_viewport_size(NARROW)
    _fits(page)
    assert_accessible(page)
    # The first rows as a person reads them: labels, not codes.
    expect(page.locator("main")).to_contain_text("Sex: Male")
    expect(page.locator("main")).to_contain_text("Names — Family name: Асанов")
    _shot(page, "import-preview-375")
    page.get_by_role("button", name="Import all 2 rows").click()
    _saved(page, "The file was imported.")


def test_axe_fails_a_button_that_cannot_be_read(browser: Browser) -> None:
    """The check itself: white on white (the import's "Discard" button was 1.09:1)."""
    page = browser.new_page()
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
        '<button style="color:#fff;background:#fafafa">Discard</button></main></body></html>'
    )
    assert "color-contrast" in {v["id"] for v in violations(page)}
    with pytest.raises(AssertionError, match="color-contrast"):
        assert_accessible(page)
    page.close()
