"""Organisations, users and API tokens over the API."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.service.api.conftest import CASE, Caller
from tests.service.conftest import Account

from amanat.access.audit_store import AuditRecord
from amanat.actions import accounts
from amanat.actions.actor import OPERATOR
from amanat.actions.door import Context
from amanat.store.engine import transaction

Api = Callable[[str], Caller]
AIGUL = {
    "username": "aigul",
    "display_name": "Aigul S.",
    "role": "investigator",
    "password": "a long passphrase",
}


def test_every_user_reads_the_directory_of_organisations(api: Api) -> None:
    page = api("ngo-case_worker").get("/organisations").json()
    codes = [o["code"] for o in page["items"]]
    assert codes == ["KZ-POL", "KG-NGO"]
    first = page["items"][0]
    assert api("kz-auditor").get(f"/organisations/{first['id']}").json() == first
    assert api("kz-auditor").get("/organisations/99999").status_code == 404


def test_only_the_operator_registers_organisations(api: Api, engine: Engine) -> None:
    """Found from outside: any administrator added "Evil org" to the directory every
    organisation's referral and consent lists offer."""
    body = {"code": "UZ-PRO", "name": "Prosecutor General", "kind": "prosecutor", "country": "UZ"}
    assert api("kz-administrator").post("/organisations", json=body).status_code == 405
    _operator(engine, accounts.add_organisation, "UZ-PRO", "Prosecutor General", "prosecutor")
    codes = [o["code"] for o in api("kz-analyst").get("/organisations").json()["items"]]
    assert "UZ-PRO" in codes


def _operator(engine: Engine, run: Callable[..., object], *args: object) -> None:
    """Run an action as the system operator (the command line, no user)."""
    with transaction(engine) as session:
        run(Context(session, OPERATOR), *args)


def test_administrators_manage_users_of_their_own_organisation_only(
    api: Api, client: TestClient, engine: Engine
) -> None:
    admin = api("kz-administrator")
    assert api("kz-analyst").get("/users").status_code == 403
    listed = admin.get("/users").json()
    assert len(listed) == 7 and all(u["username"].startswith("kz-") for u in listed)
    new = admin.post("/users", json=AIGUL)
    assert new.status_code == 201, new.text
    # A role that reads records waits for a second person: the account cannot act yet.
    assert new.json()["role_approved"] is False and new.json()["is_active"] is False
    user_id = new.json()["id"]
    # another organisation's administrator sees neither the user nor its tokens
    other = api("ngo-administrator")
    assert other.get(f"/users/{user_id}/tokens").status_code == 404
    assert other.patch(f"/users/{user_id}", json={"is_active": False}).status_code == 404
    assert user_id not in [u["id"] for u in other.get("/users").json()]
    # the designated approver of KZ-POL approves; the account may act then
    _operator(engine, accounts.designate_approver, "kz-auditor")
    assert admin.get("/role-requests").json() == []  # the asker never decides
    pending = api("kz-auditor").get("/role-requests").json()
    assert [p["user_id"] for p in pending] == [user_id]
    decided = api("kz-auditor").post(
        f"/role-requests/{pending[0]['id']}/decision", json={"approve": True}
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    shown = admin.get("/users").json()
    aigul = next(u for u in shown if u["id"] == user_id)
    assert aigul["role_approved"] is True and aigul["is_active"] is True
    disabled = admin.patch(f"/users/{user_id}", json={"is_active": False, "role": "auditor"})
    # Disabled at once; the new role, any role, waits for the approver.
    assert disabled.json()["is_active"] is False and disabled.json()["role"] == "investigator"


def test_nobody_mints_a_token_for_anyone_else_over_the_api(
    api: Api, org_users: dict[str, Account]
) -> None:
    """Finding 1-2 of issue 13: an administrator minted a token for a case worker."""
    case_worker = org_users["kz-case_worker"]
    admin = api("kz-administrator")
    users = {u["username"]: u["id"] for u in admin.get("/users").json()}
    minted = admin.post(f"/users/{users[case_worker.username]}/tokens", json={"name": "x"})
    assert minted.status_code in (404, 405)
    assert api("kz-case_worker").post("/me/tokens", json={"name": "x"}).status_code == 405


def test_nobody_changes_their_own_role(api: Api) -> None:
    """Finding 2 of issue 13: an administrator made itself an analyst and listed cases."""
    admin = api("kz-administrator")
    me = next(u for u in admin.get("/users").json() if u["username"] == "kz-administrator")
    raised = admin.patch(f"/users/{me['id']}", json={"role": "analyst"})
    assert raised.status_code == 403 and "own role" in raised.json()["detail"]
    assert admin.get("/cases").status_code == 403
    again = next(u for u in admin.get("/users").json() if u["id"] == me["id"])
    assert again["role"] == "administrator"


def test_raising_a_colleague_to_a_reading_role_waits_for_the_approver(
    api: Api, engine: Engine, audit: Callable[[], list[AuditRecord]]
) -> None:
    admin = api("kz-administrator")
    users = {u["username"]: u["id"] for u in admin.get("/users").json()}
    changed = admin.patch(f"/users/{users['kz-auditor']}", json={"role": "analyst"})
    assert changed.status_code == 200 and changed.json()["role"] == "auditor"  # not yet
    assert api("kz-auditor").get("/cases").status_code == 403
    assert "role_requested" in [row.action for row in audit()]
    # the approver is never the account itself, nor the asker
    _operator(engine, accounts.designate_approver, "kz-auditor")
    assert api("kz-auditor").get("/role-requests").json() == []


def test_administrators_read_no_records(api: Api) -> None:
    case = api("kz-investigator").create("/cases", CASE)
    admin = api("kz-administrator")
    assert admin.get(f"/cases/{case['id']}").status_code == 404
    assert admin.get("/cases").status_code == 403
    assert admin.post("/cases", json=CASE).status_code == 403


def test_asking_for_a_reading_role_raises_an_alert_for_auditors(api: Api) -> None:
    api("kz-administrator").post("/users", json=AIGUL)
    alerts = api("kz-auditor").get("/alerts").json()
    assert "reading_role_asked_or_granted" in {a["rule_id"] for a in alerts}


def test_an_administrator_alone_makes_no_auditor(api: Api) -> None:
    """Found from outside: one administrator made an auditor, at an oversight body
    able to decide any organisation's emergency reads."""
    made = api("kz-administrator").post(
        "/users", json={**AIGUL, "username": "shadow.auditor", "role": "auditor"}
    )
    assert made.status_code == 201 and made.json()["role_approved"] is False
    assert made.json()["is_active"] is False
