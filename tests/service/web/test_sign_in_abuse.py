"""Guessing passwords is slowed per client address and account, never able to lock
an account's owner out of a device they used before; a one-time code is good once;
signing out ends the session on the server (issue 13, findings 5 and 8)."""

from __future__ import annotations

import datetime as dt

import pyotp
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.service.web.conftest import PASSWORD, Web, form_token, sign_in

from amanat.access.models import User
from amanat.store.engine import transaction


def _try(client: TestClient, username: str, password: str, code: str = "") -> int:
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "totp": code,
            "form_token": form_token(page.text),
        },
        follow_redirects=False,
    )
    return answer.status_code


def test_one_address_guessing_one_account_is_slowed_and_nobody_else_is(web: Web) -> None:
    attacker = web.client(address="203.0.113.9")
    answers = [_try(attacker, "police", f"guess {n}") for n in range(6)]
    assert answers[:5] == [401] * 5 and answers[5] == 429
    # Even the right password is not tried from that address now.
    assert _try(attacker, "police", PASSWORD) == 429
    # The owner, from her own office, signs in.
    owner = web.client(address="198.51.100.4")
    sign_in(owner, "police")
    assert "Aida Police" in owner.get("/").text


def test_an_anonymous_attacker_cannot_lock_the_owner_out_of_her_own_device(web: Web) -> None:
    owner = web.client(address="198.51.100.4")
    sign_in(owner, "police")  # her browser now carries the device cookie
    owner.post("/logout", data={"form_token": form_token(owner.get("/").text)})
    # Guesses from many addresses lock the account itself...
    for n in range(10):
        _try(web.client(address=f"203.0.113.{n + 10}"), "police", "wrong guess")
    with transaction(web.engine) as session:
        user = session.scalars(select(User).where(User.username == "police")).one()
        assert user.locked_until is not None
    assert _try(web.client(address="192.0.2.77"), "police", PASSWORD) == 401  # a new device
    # ...but not for the device she signed in from before.
    assert _try(owner, "police", PASSWORD) == 303


def test_one_address_trying_many_accounts_is_slowed(web: Web) -> None:
    sprayer = web.client(address="203.0.113.50")
    answers = [_try(sprayer, f"user{n}", "Winter2026!") for n in range(21)]
    assert answers[:20] == [401] * 20 and answers[20] == 429


def test_a_one_time_code_is_good_once(web: Web) -> None:
    secret = pyotp.random_base32()
    with transaction(web.engine) as session:
        user = session.scalars(select(User).where(User.username == "police")).one()
        user.totp_secret = secret
    code = pyotp.TOTP(secret).at(dt.datetime.now(dt.UTC))
    first = web.client(address="198.51.100.4")
    assert _try(first, "police", PASSWORD, code) == 303
    # The same code overheard and replayed within its window is refused.
    assert _try(web.client(address="203.0.113.70"), "police", PASSWORD, code) == 401


def test_signing_out_ends_the_session_on_the_server(web: Web) -> None:
    """Finding 5: a session cookie copied before sign-out still worked for 30 minutes."""
    client = web.client()
    sign_in(client, "police")
    copied = client.cookies.get("amanat_session")
    assert copied
    client.post("/logout", data={"form_token": form_token(client.get("/").text)})
    thief = web.client()
    thief.cookies.set("amanat_session", copied)
    answer = thief.get("/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    assert thief.get("/api/v1/me").status_code == 401


def test_disabling_an_account_ends_its_sessions_at_once(web: Web) -> None:
    police = web.client("police")
    assert police.get("/", follow_redirects=False).status_code == 200
    admin = web.client("admin")
    users = admin.get("/admin/users").text
    with transaction(web.engine) as session:
        user_id = session.scalars(select(User.id).where(User.username == "police")).one()
    admin.post(
        f"/admin/users/{user_id}/active",
        data={"active": "no", "form_token": form_token(users)},
    )
    assert police.get("/", follow_redirects=False).status_code == 303


def test_a_crowd_behind_one_address_does_not_stop_an_owner_on_her_own_device(web: Web) -> None:
    """Found from outside: behind a proxy every client shares one address, and twenty
    failures from anyone stopped the owner with her device cookie too."""
    owner = web.client(address="10.7.7.7")
    sign_in(owner, "police")
    owner.post("/logout", data={"form_token": form_token(owner.get("/").text)})
    crowd = web.client(address="10.7.7.7")
    answers = [_try(crowd, f"someone{n}", "wrong guess") for n in range(21)]
    assert answers[-1] == 429
    assert _try(owner, "police", PASSWORD) == 303
