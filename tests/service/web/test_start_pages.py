"""Start pages per role, and the administrators' and auditors' actions in the web:
unlock, password-reset link, sharing groups, acknowledging an alert; each refused to
other roles, audited, and of one's own organisation only."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select, update
from tests.service.web.conftest import Web, form_token, open_case, submit, text_of

from amanat.access import audit_store
from amanat.access.audit_store import AuditRecord
from amanat.access.models import User
from amanat.register.sharing_group import SharingGroup
from amanat.store.engine import transaction


def _actions(web: Web) -> list[str]:
    with transaction(web.engine) as session:
        return list(session.scalars(select(AuditRecord.action).order_by(AuditRecord.seq)))


def _user_id(web: Web, username: str) -> int:
    with transaction(web.engine) as session:
        return session.scalars(select(User.id).where(User.username == username)).one()


def _lock(web: Web, username: str) -> None:
    until = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=15)
    with transaction(web.engine) as session:
        session.execute(update(User).where(User.username == username).values(locked_until=until))


def test_investigator_sees_own_cases_and_deadlines(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    page = text_of(police.get("/").text)
    assert "Your cases and their next deadlines" in page
    assert f'href="/cases/{case_id}"' in police.get("/").text
    assert "Recent cases" not in page


def test_prosecutor_sees_cases_waiting_for_a_decision(web: Web) -> None:
    page = text_of(web.client("prosecutor").get("/").text)
    assert "Waiting for a charging decision" in page
    assert "Waiting for a court's decision" in page


def test_statistics_officer_sees_the_latest_year_with_data(web: Web) -> None:
    stats = web.client("stats")
    assert "No data yet" in text_of(stats.get("/").text)
    open_case(web.client("police"))  # opened on a date of its own
    page = stats.get("/").text
    found = re.search(r"Latest year with data: (\d{4})", text_of(page))
    assert found, text_of(page)
    assert f"/monitor/statistics?from={found.group(1)}&amp;to={found.group(1)}" in page


def test_administrator_unlocks_an_account(web: Web) -> None:
    _lock(web, "police-ru")
    admin = web.client("admin")
    start = text_of(admin.get("/").text)
    assert "Locked accounts" in start and "police-ru" in start
    # The users list never shows a locked account as "active".
    listed = admin.get("/admin/users?state=locked").text
    assert "police-ru" in listed and 'class="badge">active<' not in listed
    assert 'class="badge">locked<' in listed
    user_id = _user_id(web, "police-ru")
    answer = submit(admin, f"/admin/users/{user_id}/unlock", {"back": "start"}, form_page="/")
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert "police-ru" not in text_of(admin.get("/admin/users?state=locked").text)
    assert "user_unlocked" in _actions(web)


def test_unlock_and_reset_links_are_administrators_of_the_organisation(web: Web) -> None:
    other = _user_id(web, "shelter")  # another organisation's account
    admin = web.client("admin")
    for path in (f"/admin/users/{other}/unlock", f"/admin/users/{other}/reset-link"):
        assert submit(admin, path, {}, form_page="/admin/users").status_code == 404, path
    police = web.client("police")
    target = _user_id(web, "police-ru")
    for path in (f"/admin/users/{target}/unlock", f"/admin/users/{target}/reset-link"):
        assert submit(police, path, {}, form_page="/").status_code == 403, path
    assert not {"user_unlocked", "password_reset_link"} & set(_actions(web))


def test_a_password_reset_link_sets_a_new_password_once(web: Web) -> None:
    admin = web.client("admin")
    target = _user_id(web, "police-ru")
    shown = submit(admin, f"/admin/users/{target}/reset-link", {}, form_page="/admin/users")
    assert shown.status_code == 200
    link = re.search(r'value="(http[^"]+/reset/[^"]+)"', shown.text)
    assert link, text_of(shown.text)
    path = "/reset/" + link.group(1).split("/reset/", 1)[1]
    visitor = web.client()
    form = visitor.get(path)
    assert "police-ru" in form.text
    short = visitor.post(path, data={"form_token": form_token(form.text), "password": "short"})
    assert short.status_code == 422
    form = visitor.get(path)
    done = visitor.post(
        path,
        data={"form_token": form_token(form.text), "password": "a long new password"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/login"
    assert visitor.get(path).status_code == 404  # spent
    assert {"password_reset_link", "password_reset"} <= set(_actions(web))


def test_sharing_groups_in_the_web(web: Web) -> None:
    admin = web.client("admin")
    assert submit(admin, "/admin/groups", {"name": "Border unit"}).status_code == 303
    page = admin.get("/admin/groups")
    assert "Border unit" in page.text
    group = "/admin/groups"
    added = submit(admin, f"{group}/members", {"group": "Border unit", "org": "UZ-MVD"}, group)
    assert added.status_code == 303
    assert "Uzbekistan interior ministry" in admin.get("/admin/groups").text
    data = {"group": "Border unit", "org": "UZ-MVD"}
    removed = submit(admin, f"{group}/members/removal", data, group)
    assert removed.status_code == 303
    actions = _actions(web)
    assert {"group_added", "group_member_added", "group_member_removed"} <= set(actions)
    # Another organisation's administrator does not run it; other roles may not.
    shelter = web.client("shelter-admin")
    assert "Border unit" not in shelter.get("/admin/groups").text
    answer = submit(
        shelter, f"{group}/members", {"group": "Border unit", "org": "KZ-SHELTER"}, group
    )
    assert answer.status_code == 404
    assert web.client("police").get("/admin/groups").status_code == 403
    with transaction(web.engine) as session:
        assert session.scalars(select(SharingGroup.name)).all().count("Border unit") == 1


def test_auditor_acknowledges_an_alert_in_the_web(web: Web) -> None:
    with transaction(web.engine) as session:
        audit_store.append_many(
            session,
            [audit_store.Pending("login_throttled", target_kind="user", target_id="stats")],
        )
    auditor = web.client("auditor")
    start = auditor.get("/").text
    rule = re.search(r'name="rule" value="([^"]+)"', start)
    seq = re.search(r'name="seq" value="(\d+)"', start)
    assert rule and seq
    data = {"rule": rule.group(1), "seq": seq.group(1), "back": "start"}
    # Other roles are refused, and write nothing.
    assert (
        submit(web.client("admin"), "/audit/alerts/acknowledgement", data, "/").status_code == 403
    )
    answer = submit(auditor, "/audit/alerts/acknowledgement", data, form_page="/")
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert 'name="rule"' not in auditor.get("/").text
    assert "acknowledged" in text_of(auditor.get("/audit/alerts").text)
    assert _actions(web).count("alert_acknowledged") == 1
