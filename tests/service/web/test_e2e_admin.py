"""Journey 6 in a real headless Chromium: an administrator unlocks a user locked out
after failed sign-ins, and asks for a role change, which a second person — the
organisation's designated approver — approves.

The lock is set in the register before the journey (failed sign-ins from one
address are stopped by the throttle before they lock the account; the lock itself
is tested in tests/access).  Browser and server as in test_e2e.py; screenshots go to
``artifacts/screenshots/``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import Engine, update
from tests.service.web.conftest import build_world, serving
from tests.service.web.test_e2e import LAPTOP, PHONE, _open, _saved, _shot, browser

from amanat.access.models import User
from amanat.store.engine import make_engine, transaction

__all__ = ["browser"]  # the module-scoped fixture of test_e2e
LOCKED = "police-ru"
APPROVER = "police"  # the organisation's designated approver of accounts


@pytest.fixture(scope="module")
def register(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path = tmp_path_factory.mktemp("e2e-admin") / "register.sqlite"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    build_world(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def admin_server(register: Engine) -> Iterator[str]:
    with serving(register) as address:
        yield address


def _set(engine: Engine, username: str, **values: object) -> None:
    with transaction(engine) as session:
        session.execute(update(User).where(User.username == username).values(**values))


def test_journey_an_administrator_unlocks_and_asks_for_a_role_approved_by_another(
    browser: Browser, register: Engine, admin_server: str
) -> None:
    locked_until = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=15)
    _set(register, LOCKED, failed_logins=10, locked_until=locked_until)
    _set(register, APPROVER, approves_accounts=True)

    admin = _open(browser, admin_server, "admin", LAPTOP)
    main = admin.locator("main")
    expect(main).to_contain_text("Locked accounts")
    expect(main).to_contain_text("Ерлан Полицейский")
    _shot(admin, "admin-start-laptop")
    admin.get_by_role("button", name=f"Unlock: {LOCKED}").click()
    _saved(admin, "The account was unlocked.")
    expect(admin.get_by_role("button", name=f"Unlock: {LOCKED}")).to_have_count(0)

    # The users list: the account is active again; filter it to the investigators.
    admin.goto("/admin/users")
    admin.fill("#q", "police")
    admin.select_option("#filter-role", "investigator")
    admin.get_by_role("button", name="Show").click()
    rows = admin.locator("tbody tr")
    expect(rows).to_have_count(2)
    row = rows.filter(has_text=LOCKED)
    expect(row).to_contain_text("active")
    _shot(admin, "admin-users-filtered-laptop")

    # Asking for a new role: a request, in force only when the approver approves it.
    row.locator("select[name=role]").select_option("analyst")
    admin.get_by_role("button", name=f"Change the role: {LOCKED}").click()
    _saved(admin, "The new role takes effect when your organisation's approver approves it.")
    admin.goto("/")
    expect(main).to_contain_text("Roles waiting for your organisation's approver")
    expect(main).to_contain_text(re.compile(rf"{LOCKED}.*Analyst"))
    _shot(admin, "admin-start-role-waiting-laptop")

    approver = _open(browser, admin_server, APPROVER, PHONE)
    expect(approver.locator("main")).to_contain_text("Accounts waiting for your approval: 1")
    approver.get_by_role("link", name=re.compile("Accounts waiting for your approval")).click()
    expect(approver.locator("main")).to_contain_text(LOCKED)
    _shot(approver, "approver-roles-phone")
    approver.get_by_role("button", name="Approve").click()
    expect(approver.locator("main")).to_contain_text("Nothing is waiting for you.")

    admin.goto("/admin/users?role=analyst")
    expect(admin.locator("tbody tr")).to_have_count(1)
    expect(admin.locator("tbody tr")).to_contain_text(LOCKED)
    admin.goto("/")
    expect(main).not_to_contain_text(re.compile(rf"{LOCKED}.*Analyst"))
    _shot(admin, "admin-start-after-laptop")
