"""Organisations, users and API tokens over the API."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from tests.service.api.conftest import CASE, Caller

Api = Callable[[str], Caller]


def test_every_user_reads_the_directory_of_organisations(api: Api) -> None:
    page = api("ngo-case_worker").get("/organisations").json()
    codes = [o["code"] for o in page["items"]]
    assert codes == ["KZ-POL", "KG-NGO"]
    first = page["items"][0]
    assert api("kz-auditor").get(f"/organisations/{first['id']}").json() == first
    assert api("kz-auditor").get("/organisations/99999").status_code == 404


def test_administrators_register_organisations(api: Api) -> None:
    body = {"code": "UZ-PRO", "name": "Prosecutor General", "kind": "prosecutor", "country": "UZ"}
    denied = api("kz-analyst").post("/organisations", json=body)
    assert denied.status_code == 403 and "lacks 'administer'" in denied.json()["detail"]
    created = api("kz-administrator").post("/organisations", json=body)
    assert created.status_code == 201 and created.json()["code"] == "UZ-PRO"
    again = api("kz-administrator").post("/organisations", json=body)
    assert again.status_code == 422 and "already registered" in again.json()["detail"]


def test_administrators_manage_users_and_tokens_of_their_own_organisation(
    api: Api, client: TestClient
) -> None:
    admin = api("kz-administrator")
    assert api("kz-analyst").get("/users").status_code == 403
    listed = admin.get("/users").json()
    assert len(listed) == 7 and all(u["username"].startswith("kz-") for u in listed)
    new = admin.post(
        "/users",
        json={
            "username": "aigul",
            "display_name": "Aigul S.",
            "role": "analyst",
            "password": "a long passphrase",
        },
    )
    assert new.status_code == 201, new.text
    user_id = new.json()["id"]
    token = admin.post(f"/users/{user_id}/tokens", json={"name": "laptop", "days": 30})
    assert token.status_code == 201
    secret, token_id = token.json()["token"], token.json()["id"]
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=headers).json()["username"] == "aigul"
    assert secret not in admin.get(f"/users/{user_id}/tokens").text  # shown once only
    # another organisation's administrator sees neither the user nor the token
    other = api("ngo-administrator")
    assert other.get(f"/users/{user_id}/tokens").status_code == 404
    assert other.delete(f"/tokens/{token_id}").status_code == 404
    assert other.patch(f"/users/{user_id}", json={"is_active": False}).status_code == 404
    assert admin.delete(f"/tokens/{token_id}").status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    disabled = admin.patch(f"/users/{user_id}", json={"is_active": False, "role": "investigator"})
    assert disabled.json()["is_active"] is False and disabled.json()["role"] == "investigator"


def test_administrators_read_no_records(api: Api) -> None:
    case = api("kz-investigator").create("/cases", CASE)
    admin = api("kz-administrator")
    assert admin.get(f"/cases/{case['id']}").status_code == 404
    assert admin.get("/cases").json()["items"] == []
    assert admin.post("/cases", json=CASE).status_code == 403
