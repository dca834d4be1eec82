"""End to end in a real headless Chromium: the Kostanay investigator asks from her own
suspect's page whether anyone else holds him, requests the information behind the
Uzbek ministry's hit, the ministry releases the names only, and she reads them.
Every page passes axe-core (no serious or critical violation). Screenshots go to
``artifacts/screenshots/`` (``rfi-*.png``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Browser, expect
from tests.actions.conftest import World
from tests.discovery.conftest import PASSPORT, SUSPECT_NAME, suspect
from tests.service.web.axe import assert_accessible
from tests.service.web.conftest import build_world, serving
from tests.service.web.test_e2e import LAPTOP, _open, _saved, _shot, browser

from amanat.access.vault import generate_master_key
from amanat.store.engine import make_engine

__all__ = ["browser"]


def test_a_hit_a_request_and_a_partial_release_in_chromium(
    sqlite_template: Path, tmp_path: Path, browser: Browser
) -> None:
    path = tmp_path / "register.sqlite"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    build_world(engine)
    world = World(engine, generate_master_key())
    suspect(world)
    mine = world.create(
        "police",
        {"kind": "person", "ref": "p", "names": [{"full_name": "Taras Shevchenko"}],
         "birth_year": 1981, "birth_month": 3, "birth_day": 9},
    )["p"]  # fmt: skip
    with serving(engine, world.master) as server:
        police = _open(browser, server, "police", LAPTOP)
        police.goto(f"/people/{mine}")
        police.get_by_role("link", name="Does anyone else hold this person?").click()
        police.fill("#f-purpose", "recruiter in case KZ-2024-0457")
        police.select_option("#f-basis", "mla_request")
        police.get_by_role("button", name="Ask").click()
        expect(police.locator(".discovery-hit")).to_have_count(1)
        _shot(police, "rfi-hit-laptop")
        assert_accessible(police)
        police.get_by_role("link", name="Request information").click()
        assert_accessible(police)
        police.fill("#f-purpose", "recruiter in case KZ-2024-0457")
        police.select_option("#f-basis", "mla_request")
        police.select_option("#f-urgency", "urgent")
        police.select_option("#f-handling", "H2")
        police.get_by_role("button", name="Send the request").click()
        _saved(police, "Your request was sent to the holder.")
        request_url = police.url

        holder = _open(browser, server, "uz-police", LAPTOP)
        holder.goto("/inbox")
        holder.get_by_role("link", name="Answer them").click()
        assert_accessible(holder)
        holder.locator("tr.rfi a").first.click()
        assert_accessible(holder)
        for box in holder.locator("input[name=sections]").all():
            if box.get_attribute("value") != "names":
                box.uncheck()
        _shot(holder, "rfi-holder-laptop")
        holder.get_by_role("button", name="Release what is ticked").click()
        _saved(holder, "Your answer was sent to the asker.")

        police.goto(request_url)
        released = police.locator(".released")
        expect(released).to_contain_text(SUSPECT_NAME)
        expect(released).not_to_contain_text(PASSPORT)
        _shot(police, "rfi-released-laptop")
        assert_accessible(police)
    engine.dispose()


def test_the_information_broker_in_chromium(
    sqlite_template: Path, tmp_path: Path, browser: Browser
) -> None:
    """A Bishkek NGO's case worker asks about a recruiter her client names and learns
    only that someone holds him; the Uzbek ministry sees the query, asks the NGO what
    its client said, and reads the NGO's answer.  Screenshots ``broker-*.png``."""
    path = tmp_path / "register.sqlite"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    build_world(engine)
    world = World(engine, generate_master_key())
    suspect(world)
    told = "He drove her to the Kazakh border in May 2024."
    with serving(engine, world.master) as server:
        ngo = _open(browser, server, "ngo", LAPTOP)
        ngo.goto("/discover")
        ngo.fill("#f-name", "Taras Shevchenko")
        ngo.fill("#f-born", "09.03.1981")
        ngo.fill("#f-purpose", "a recruiter my client named")
        ngo.select_option("#f-basis", "other")
        ngo.get_by_role("button", name="Ask").click()
        expect(ngo.locator(".discovery-brokered")).to_be_visible()
        expect(ngo.get_by_role("link", name="Request information")).to_have_count(0)
        assert_accessible(ngo)
        _shot(ngo, "broker-ngo-hit")

        holder = _open(browser, server, "uz-police", LAPTOP)
        holder.goto("/discovery/requests")
        expect(holder.locator("tr.received-hit")).to_contain_text("KG-NGO")
        assert_accessible(holder)
        holder.get_by_role("link", name="Ask the NGO what its client said").click()
        holder.fill("#f-purpose", "our suspect in case UZ-2024-88")
        holder.select_option("#f-basis", "other")
        holder.get_by_role("button", name="Send the request").click()
        _saved(holder, "Your request was sent to the holder.")
        request_url = holder.url

        ngo.goto("/discovery/requests")
        ngo.locator("tr.rfi a").first.click()
        expect(ngo.get_by_text("They ask what your client said")).to_be_visible()
        assert_accessible(ngo)
        _shot(ngo, "broker-ngo-asked")
        ngo.fill("#f-note", told)
        ngo.get_by_role("button", name="Send the answer").click()
        _saved(ngo, "Your answer was sent to the asker.")

        holder.goto(request_url)
        expect(holder.get_by_text(told)).to_be_visible()
        assert SUSPECT_NAME not in ngo.content()
        _shot(holder, "broker-holder-answered")
    engine.dispose()
