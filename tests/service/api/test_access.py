"""Every request goes through the sharing layer: a denied read is a missing record,
a denied write names the missing permission, only the originator changes a record,
read-only tokens only read, and every read is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from tests.service.api.conftest import CASE, Caller
from tests.service.conftest import Account

from amanat.access import accounts
from amanat.access.audit_store import AuditRecord
from amanat.store.engine import transaction

Api = Callable[[str], Caller]
SHARED = {**CASE, "tlp": "GREEN", "distribution": "community"}


def test_a_denied_read_looks_exactly_like_a_missing_record(api: Api) -> None:
    case = api("kz-investigator").create("/cases", CASE)  # owner only
    outsider = api("ngo-investigator")
    denied = outsider.get(f"/cases/{case['id']}")
    missing = outsider.get("/cases/987654")
    assert (
        (denied.status_code, denied.text)
        == (missing.status_code, missing.text)
        == (
            404,
            '{"detail":"Not found"}',
        )
    )
    for suffix in ("/links",):
        assert outsider.get(f"/cases/{case['id']}{suffix}").text == missing.text
    # the same for writes to a record one cannot see, and for the roles that read nothing
    assert outsider.patch(f"/cases/{case['id']}", json={"version": 1}).text == missing.text
    for role in ("kz-administrator", "kz-auditor"):
        assert api(role).get(f"/cases/{case['id']}").text == missing.text
    assert outsider.get("/cases").json()["items"] == []


def test_a_denied_write_says_which_permission_is_missing(api: Api) -> None:
    answer = api("kz-statistics_officer").post("/cases", json=CASE)
    assert answer.status_code == 403
    assert answer.json()["detail"] == (
        "permission denied: role 'statistics_officer' lacks 'create' (action record.create)"
    )
    case = api("kz-investigator").create("/cases", CASE)
    answer = api("kz-statistics_officer").patch(f"/cases/{case['id']}", json={"version": 1})
    assert answer.status_code == 403 and "lacks 'update'" in answer.json()["detail"]


def test_only_the_originator_updates_or_deletes(api: Api) -> None:
    case = api("kz-investigator").create("/cases", SHARED)
    other = api("ngo-investigator")
    assert other.get(f"/cases/{case['id']}").status_code == 200  # visible to all
    for answer in (
        other.patch(f"/cases/{case['id']}", json={"title": "mine now", "version": 1}),
        other.delete(f"/cases/{case['id']}", json={"reason": "wrong", "version": 1}),
        other.put(f"/cases/{case['id']}/distribution", json={"distribution": "owner"}),
    ):
        assert answer.status_code == 403
        assert "originat" in answer.json()["detail"] and "share request" in answer.json()["detail"]
    # a colleague of the originator may
    colleague = api("kz-prosecutor")
    assert (
        colleague.patch(f"/cases/{case['id']}", json={"title": "ok", "version": 1}).status_code
        == 200
    )


def test_read_only_tokens_cannot_write(
    api: Api,
    engine: Engine,
    client,
    org_users: dict[str, Account],  # type: ignore[no-untyped-def]
) -> None:
    with transaction(engine) as session:
        _, token = accounts.create_token(session, "kz-investigator", "reader", read_only=True)
    reader = Caller(
        client, Account("kz-investigator", "KZ-POL", org_users["kz-investigator"].role, token)
    )
    case = api("kz-investigator").create("/cases", CASE)
    assert reader.get(f"/cases/{case['id']}").status_code == 200
    answers = [
        reader.post("/cases", json=CASE),
        reader.patch(f"/cases/{case['id']}", json={"title": "x", "version": 1}),
        reader.delete(f"/cases/{case['id']}", json={"reason": "x", "version": 1}),
        reader.post("/records", json={"records": [{"kind": "case", **CASE}]}),
        reader.post(
            "/share-requests",
            json={"kind": "case", "record_id": case["id"], "target": "KG-NGO", "reason": "x"},
        ),
    ]
    for answer in answers:
        assert answer.status_code == 403 and "read-only" in answer.json()["detail"], answer.text


def test_every_read_leaves_an_audit_entry(api: Api, audit: Callable[[], list[AuditRecord]]) -> None:
    case = api("kz-investigator").create("/cases", SHARED)
    assert [(e.action, e.target_kind, e.target_id) for e in audit()] == [
        ("write", "case", str(case["id"]))
    ]
    api("ngo-analyst").get(f"/cases/{case['id']}", params={"purpose": "cross-border check"})
    api("kz-investigator").get(f"/cases/{case['id']}")
    api("ngo-analyst").get("/cases")  # another organisation's record in a list
    reads = [e for e in audit() if e.action == "read"]
    assert len(reads) == 3
    assert reads[0].purpose == "cross-border check"
    assert {e.target_id for e in reads} == {str(case["id"])}


def test_sharing_by_request_to_the_originator(api: Api) -> None:
    case = api("kz-investigator").create("/cases", {**CASE, "tlp": "GREEN"})
    # The NGO cannot see it, so it cannot ask about it: same answer as a missing record.
    body = {"kind": "case", "record_id": case["id"], "target": "KG-NGO", "reason": "victim support"}
    assert api("ngo-analyst").post("/share-requests", json=body).status_code == 404
    # A colleague of the owner asks on the NGO's behalf; the owner's analyst decides.
    asked = api("kz-prosecutor").post("/share-requests", json=body)
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert request["status"] == "pending"
    assert [r["id"] for r in api("kz-analyst").get("/share-requests").json()] == [request["id"]]
    assert (
        api("ngo-analyst")
        .post(f"/share-requests/{request['id']}/decision", json={"approve": True})
        .status_code
        == 404
    )
    decided = api("kz-analyst").post(
        f"/share-requests/{request['id']}/decision", json={"approve": True}
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    assert api("ngo-analyst").get(f"/cases/{case['id']}").status_code == 200


def test_distribution_is_set_by_the_owner_within_the_tlp(api: Api) -> None:
    investigator = api("kz-investigator")
    case = investigator.create("/cases", CASE)  # AMBER
    path = f"/cases/{case['id']}/distribution"
    too_wide = investigator.put(path, json={"distribution": "community"})
    assert too_wide.status_code == 422 and too_wide.json()["detail"][0]["loc"] == ["distribution"]
    green = investigator.patch(f"/cases/{case['id']}", json={"tlp": "GREEN", "version": 1}).json()
    stale = investigator.put(path, json={"distribution": "community", "version": 1})
    assert stale.status_code == 409
    shared = investigator.put(path, json={"distribution": "community", "version": green["version"]})
    assert shared.status_code == 200 and shared.json()["distribution"] == "community"
    assert api("ngo-analyst").get(f"/cases/{case['id']}").status_code == 200


def test_break_glass_is_decided_by_the_records_organisation(api: Api) -> None:
    case = api("kz-investigator").create("/cases", CASE)
    asker = api("ngo-investigator")
    reason = "A child is missing and this case may say where she was taken"
    grant = asker.post(
        "/break-glass", json={"kind": "case", "record_id": case["id"], "reason": reason}
    )
    assert grant.status_code == 201, grant.text
    grant_id = grant.json()["id"]
    assert asker.get(f"/cases/{case['id']}").status_code == 404  # not before approval
    same_org = api("ngo-analyst").post(f"/break-glass/{grant_id}/approval", json={"hours": 2})
    assert same_org.status_code == 404  # the asker's organisation may not decide: not found
    assert api("ngo-analyst").get("/break-glass/to-decide").json() == []
    pending = api("kz-auditor").get("/break-glass/to-decide").json()
    assert [g["id"] for g in pending] == [grant_id]
    approved = api("kz-auditor").post(f"/break-glass/{grant_id}/approval", json={"hours": 2})
    assert approved.status_code == 200 and approved.json()["expires_at"]
    assert asker.get(f"/cases/{case['id']}").status_code == 200


@pytest.mark.parametrize("path", ["/audit", "/alerts"])
def test_only_auditors_read_the_audit_trail(api: Api, path: str) -> None:
    for user in ("kz-administrator", "kz-analyst", "ngo-investigator"):
        answer = api(user).get(path)
        assert answer.status_code == 403 and "lacks 'audit'" in answer.json()["detail"]
    assert api("kz-auditor").get(path).status_code == 200


def test_auditors_query_who_saw_what_when_and_why(api: Api) -> None:
    case = api("kz-investigator").create("/cases", SHARED)
    api("ngo-analyst").get(f"/cases/{case['id']}", params={"purpose": "route analysis"})
    auditor = api("kz-auditor")
    entries = auditor.get(
        "/audit", params={"action": "read", "kind": "case", "record": str(case["id"])}
    ).json()["items"]
    assert [(e["action"], e["purpose"]) for e in entries] == [("read", "route analysis")]
    assert entries[0]["detail"]["owner_org_id"] != entries[0]["actor_org_id"]
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat()
    page = auditor.get("/audit", params={"since": since, "limit": 1}).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = auditor.get("/audit", params={"since": since, "cursor": page["next_cursor"]}).json()
    assert rest["items"][0]["seq"] > page["items"][0]["seq"]
    assert auditor.get("/alerts", params={"since": since}).status_code == 200
