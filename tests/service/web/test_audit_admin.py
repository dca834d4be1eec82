"""Auditors search the trail and see alerts; administrators manage organisations,
users and tokens, and read no records."""

from __future__ import annotations

from sqlalchemy import select
from tests.service.web.conftest import Web, form_token, open_case, submit, text_of

from amanat.access.audit_store import AuditRecord
from amanat.access.models import ApiToken, User
from amanat.register import Organisation
from amanat.store.engine import transaction


def test_the_audit_trail_is_searchable(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    web.client("prosecutor").get(f"/cases/{case_id}")
    auditor = web.client("auditor")
    page = text_of(auditor.get(f"/audit?action=read&kind=case&record={case_id}").text)
    assert "prosecutor" in page
    assert f"case {case_id}" in page
    writes = text_of(auditor.get("/audit?user=police&action=write").text)
    assert "write" in writes and "prosecutor" not in writes


def test_searching_the_trail_is_itself_recorded(web: Web) -> None:
    web.client("auditor").get("/audit?action=login")
    with transaction(web.engine) as session:
        actions = list(session.scalars(select(AuditRecord.action)))
    assert "audit_search" in actions


def test_reading_the_alerts_is_itself_recorded(web: Web) -> None:
    web.client("auditor").get("/audit/alerts?days=30")
    with transaction(web.engine) as session:
        actions = list(session.scalars(select(AuditRecord.action)))
    assert "alerts_read" in actions


def test_the_trail_and_its_alerts_are_the_auditors(web: Web) -> None:
    for username in ("admin", "police", "stats"):
        client = web.client(username)
        for path in ("/audit?action=login", "/audit?since=yesterday", "/audit/alerts"):
            assert client.get(path).status_code == 403, (username, path)
    with transaction(web.engine) as session:
        actions = set(session.scalars(select(AuditRecord.action)))
    assert not actions & {"audit_search", "alerts_read"}


def test_a_bad_date_in_the_audit_search_is_shown_beside_it(web: Web) -> None:
    page = web.client("auditor").get("/audit?since=yesterday")
    assert 'id="since-error"' in page.text


def _guess(web: Web, username: str, times: int) -> None:
    """Failed sign-ins from several addresses (each address is stopped after five)."""
    for n in range(times):
        client = web.client(address=f"203.0.113.{n // 4 + 1}")
        page = client.get("/login")
        client.post(
            "/login",
            data={
                "username": username,
                "password": "wrong-password",
                "form_token": form_token(page.text),
            },
        )


def test_alerts_show_repeated_failed_logins(web: Web) -> None:
    _guess(web, "ngo", 6)
    alerts = text_of(web.client("auditor").get("/audit/alerts").text)
    assert "Repeated failed logins for one account" in alerts
    assert "Open alerts of the last 7 days" in web.client("auditor").get("/").text


def test_an_address_stopped_after_guessing_raises_an_alert(web: Web) -> None:
    client = web.client(address="203.0.113.200")
    for _ in range(5):
        page = client.get("/login")
        client.post(
            "/login",
            data={
                "username": "ngo",
                "password": "wrong-password",
                "form_token": form_token(page.text),
            },
        )
    alerts = text_of(web.client("auditor").get("/audit/alerts").text)
    assert "Sign-ins from one address stopped after repeated failures" in alerts


def test_alerts_are_labelled_in_the_users_language(web: Web) -> None:
    _guess(web, "ngo", 6)
    with transaction(web.engine) as session:
        auditor = session.scalars(select(User).where(User.username == "auditor")).one()
        auditor.language = "ru"
    page = web.client("auditor").get("/audit/alerts").text
    assert "Повторные неудачные попытки входа" in page


def test_administrators_see_the_directory_and_add_users(web: Web) -> None:
    admin = web.client("admin")
    directory = admin.get("/admin/organisations")
    assert directory.status_code == 200 and "UZ-MVD" in directory.text
    # The shared directory is the system operator's to keep (amanat org add).
    assert 'action="/admin/organisations"' not in directory.text
    answer = submit(
        admin,
        "/admin/users",
        {
            "username": "kz.officer",
            "display_name": "Officer",
            "role": "statistics_officer",
            "language": "ru",
            "password": "long enough password",
        },
    )
    assert answer.status_code == 303
    with transaction(web.engine) as session:
        org = session.scalars(select(Organisation).where(Organisation.code == "KZ-POL")).one()
        user = session.scalars(select(User).where(User.username == "kz.officer")).one()
        # In the administrator's own organisation; a reading role waits for the approver.
        assert (user.org_id, user.language, user.role_approved) == (org.id, "ru", False)


def test_administrator_form_errors(web: Web) -> None:
    admin = web.client("admin")
    answer = submit(
        admin,
        "/admin/users",
        {
            "username": "Bad Name",
            "display_name": "x",
            "role": "wizard",
            "password": "short",
        },
    )
    assert answer.status_code == 422
    for field in ("username", "role", "password"):
        assert f'id="{field}-error"' in answer.text
    assert "short" not in answer.text.split('name="password"')[1][:200]


def test_disabling_a_user_ends_their_access(web: Web) -> None:
    police = web.client("police")
    assert police.get("/").status_code == 200
    admin = web.client("admin")  # of KZ-POL, like the police
    page = admin.get("/admin/users")
    user_id = web.user_id("police")
    admin.post(
        f"/admin/users/{user_id}/active", data={"form_token": form_token(page.text), "active": "no"}
    )
    assert police.get("/", follow_redirects=False).status_code == 303


def test_a_user_makes_a_token_shown_once_and_an_administrator_can_revoke_it(web: Web) -> None:
    police = web.client("police")
    answer = submit(police, "/account/tokens", {"name": "nightly import", "days": "30"}, "/account")
    assert answer.status_code == 200
    assert "amanat_" in answer.text
    token = answer.text.split('<p class="mono">')[1].split("<")[0]
    api = web.client()
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["username"] == "police"
    assert token not in police.get("/account").text
    admin = web.client("admin")
    assert token not in admin.get("/admin/tokens").text
    with transaction(web.engine) as session:
        token_id = session.scalars(select(ApiToken.id)).one()
    page = admin.get("/admin/tokens")
    admin.post(f"/admin/tokens/{token_id}/revoke", data={"form_token": form_token(page.text)})
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_administrators_read_no_records(web: Web) -> None:
    case_id = open_case(web.client("police"), distribution="owner")
    admin = web.client("admin")
    assert admin.get(f"/cases/{case_id}").status_code == 404
    assert admin.get("/search").status_code == 403  # no search: the role reads no records
    page = admin.get("/")
    answer = admin.post(
        "/search", data={"form_token": form_token(page.text), "q": "Farm", "purpose": "curiosity"}
    )
    assert answer.status_code == 403
    assert "Farm labour ring" not in answer.text


def test_tokens_are_listed_by_name_not_by_number(web: Web) -> None:
    """Regression: the token tables led with a column of database numbers ("#", 17)."""
    police = web.client("police")
    submit(police, "/account/tokens", {"name": "nightly import", "days": "30"}, "/account")
    with transaction(web.engine) as session:
        token_id = session.scalars(select(ApiToken.id)).one()
    for client, url in ((police, "/account"), (web.client("admin"), "/admin/tokens")):
        page = client.get(url).text
        assert "<th>#</th>" not in page and f"<td>{token_id}</td>" not in page, url
        assert 'aria-label="Revoke: nightly import' in page, url
