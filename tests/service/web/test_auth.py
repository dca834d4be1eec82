"""Signing in and out: audited, locked out after guessing, safe redirects, CSRF."""

from __future__ import annotations

from sqlalchemy import select
from tests.service.web.conftest import PASSWORD, Web, form_token, sign_in

from amanat.access.audit_store import AuditRecord
from amanat.access.models import User
from amanat.store.engine import transaction


def _actions(web: Web) -> list[tuple[str, str | None]]:
    with transaction(web.engine) as session:
        rows = session.execute(select(AuditRecord.action, AuditRecord.target_id))
        return list(rows.all())


def test_pages_send_an_anonymous_visitor_to_the_login_page(web: Web) -> None:
    client = web.client()
    answer = client.get("/cases/new", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/cases/new"


def test_login_lands_on_the_page_asked_for_and_is_audited(web: Web) -> None:
    client = web.client()
    page = client.get("/login?next=/search")
    answer = client.post(
        "/login",
        data={
            "username": "police",
            "password": PASSWORD,
            "next": "/search",
            "form_token": form_token(page.text),
        },
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/search"
    assert ("login", None) in _actions(web)
    assert "Aida Police" in client.get("/").text


def test_a_failed_login_says_nothing_and_is_committed(web: Web) -> None:
    client = web.client()
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={"username": "police", "password": "wrong", "form_token": form_token(page.text)},
    )
    assert answer.status_code == 401
    assert "Wrong user name or password." in answer.text
    assert ("login_failed", "police") in _actions(web)
    with transaction(web.engine) as session:
        user = session.scalars(select(User).where(User.username == "police")).one()
        assert user.failed_logins == 1


def test_an_offsite_next_is_ignored(web: Web) -> None:
    client = web.client()
    page = client.get("/login?next=//evil.example/x")
    answer = client.post(
        "/login",
        data={
            "username": "police",
            "password": PASSWORD,
            "next": "//evil.example/x",
            "form_token": form_token(page.text),
        },
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/"


def test_login_without_the_form_token_is_refused(web: Web) -> None:
    client = web.client()
    client.get("/login")
    answer = client.post("/login", data={"username": "police", "password": PASSWORD})
    assert answer.status_code == 403
    assert "This form has expired" in answer.text


def test_logout_ends_the_session(web: Web) -> None:
    client = web.client("police")
    home = client.get("/")
    answer = client.post("/logout", data={"form_token": form_token(home.text)})
    assert answer.url.path == "/login"
    assert "You are signed out." in answer.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_the_language_is_kept_with_the_account(web: Web) -> None:
    client = web.client("police")
    home = client.get("/")
    client.post(
        "/language", data={"language": "ru", "back": "/", "form_token": form_token(home.text)}
    )
    assert "Выйти" in client.get("/").text
    again = web.client("police")
    assert 'lang="ru"' in again.get("/").text
    with transaction(web.engine) as session:
        assert session.scalars(select(User.language).where(User.username == "police")).one() == "ru"


def test_anonymous_visitors_choose_a_language_too(web: Web) -> None:
    client = web.client()
    page = client.get("/login")
    client.post(
        "/language", data={"language": "ru", "back": "/login", "form_token": form_token(page.text)}
    )
    assert "Войти в Amanat" in client.get("/login").text


def test_the_browser_language_is_the_first_guess(web: Web) -> None:
    client = web.client()
    page = client.get("/login", headers={"accept-language": "ru-RU,ru;q=0.9,en;q=0.8"})
    assert 'lang="ru"' in page.text


def test_the_account_page_shows_who_is_signed_in(web: Web) -> None:
    page = web.client("ngo").get("/account")
    assert "Gulnara Case Worker" in page.text
    assert "Safe Home NGO" in page.text


def test_sign_in_helper_uses_the_real_form(web: Web) -> None:
    client = web.client()
    sign_in(client, "auditor")
    assert "Audit Officer" in client.get("/").text
