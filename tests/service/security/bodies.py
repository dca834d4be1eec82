"""A plausible body for each route: what a user who may take the action would send,
so that a refusal comes from the door and not from a malformed request.

Writes are made harmless to the world the other routes still need: a record is
changed in a field that holds no marker, its distribution set to what it is, a new
record carries no marker; accounts acted on are the spare ones (``world``).  A route
not listed here gets an empty body (and a web POST its form token).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import count
from typing import Any

from tests.service.security import planting
from tests.service.security.credentials import Body
from tests.service.security.register_state import current_version
from tests.service.security.targets import Shape, Target
from tests.service.security.world import GROUP_NAME, INFORMATION_REFERENCE, ORGS, Member, World
from tests.service.web.conftest import MARKING as WEB_MARKING

from amanat.actions.records.kinds import KIND_BY_NAME

REASON = "checking who may do this, for the security suite"
PASSWORD = "correct horse battery staple"
# The web tests' marking of a new record, kept to its own organisation.
MARKING = {**{k: v for k, v in WEB_MARKING.items() if k != "group"}, "distribution": "owner"}
# New records, by kind: nothing in them is a marker.
NEW: dict[str, dict[str, Any]] = {
    "source": {"title": "A new source"},
    "place": {"kind": "city", "name": "Newtown", "country": "KZ"},
    "person": {"names": [{"full_name": "Newman Testov"}]},
    "group": {"kind": "gang", "name": "A new gang"},
    "vehicle": {"plate": "NEW 001"},
    "phone": {"number": "+77010000099"},
    "case": {"case_type": "tip", "jurisdiction": "KZ", "title": "A new case"},
    "victim": {"sex": "female"},
    "seizure": {"seized_on": "2024-02-02", "country": "KZ"},
    "weapon": {"weapon_type": "rifle"},
    "storage_loss": {"reported_on": "2024-03-02", "country": "KZ"},
    "relationship": {"kind": "associate"},
    "case_role": {"role": "witness"},
    "pipeline_event": {"stage": "reported", "occurred_on": "2024-01-12"},
}
# The field a web edit changes (never the marker's).
EDIT_CHANGE = {
    "case": ("summary", "edited"),
    "person": ("birth_year", "1981"),
    "pipeline_event": ("court", "edited"),
    "victim": ("age_at_exploitation", "20"),
    "seizure": ("ammunition_rounds", "5"),
    "weapon": ("make", "edited"),
    "group": ("alias", "edited"),
    "vehicle": ("make", "edited"),
    "phone": ("imei", "490154203237518"),
    "place": ("region", "edited"),
}
_fresh = count(1)


def _target_org(member: Member | None) -> str:
    """The organisation a share request asks to reach: one that is not the asker's."""
    return ORGS["other"][0] if member is None or member.org != "other" else ORGS["named"][0]


def _version(world: World, target: Target) -> int:
    if target.kind is None or target.record_id is None:
        return 1
    return current_version(world.engine, target.kind, target.record_id)


def _planted_fields(kind: str, sharing: str) -> dict[str, str]:
    """The planted record's own fields as a form holds them (marker included)."""
    record = next(r for r in planting.bundle(sharing, None) if r.get("ref") == kind)
    found: dict[str, str] = {}
    for key, value in record.items():
        if key in ("kind", "ref", "distribution", "sharing_group_id") or isinstance(value, list):
            continue
        if isinstance(value, str) and value.startswith("@"):
            continue
        name = "kind" if key == f"{kind}_kind" else key
        found[name] = "on" if value is True else str(value)
    return found


def _distribution(target: Target) -> dict[str, Any]:
    """The distribution the record has: changing it to itself is a write that leaves
    every caller's view as it was."""
    distribution = planting.DISTRIBUTION.get(target.sharing or "", "owner")
    group = GROUP_NAME if distribution == "group" else None
    return {"distribution": distribution, **({"group": group} if group else {})}


Builder = Callable[[World, Shape, Target, Member | None], Body]


def _api_record(world: World, shape: Shape, target: Target, member: Member | None) -> Body:
    method, kind = shape.served.method, shape.kind or "case"
    if method == "GET" and target.label == "none":
        return Body(params={"limit": 200})
    if method == "GET":
        return Body(params={"purpose": "security suite"})
    if method == "POST":
        return Body(json=_new(world, kind))
    version = _version(world, target)
    if method == "PATCH":
        return Body(json={"version": version, "external_id": "patched"})
    if method == "DELETE":
        return Body(json={"reason": REASON, "version": version})
    return Body(json={**_distribution(target), "version": version})


def _new(world: World, kind: str) -> dict[str, Any]:
    body = dict(NEW[kind])
    if kind in ("case_role", "pipeline_event", "victim"):
        body["case_id"] = world.records[("case", "organisation")]
    if kind == "case_role":
        body["person_id"] = world.records[("person", "organisation")]
    if kind == "relationship":
        body["from_person_id"] = world.records[("person", "organisation")]
        body["to_group_id"] = world.records[("group", "organisation")]
    return body


def _web_edit(world: World, shape: Shape, target: Target, member: Member | None) -> Body:
    kind = shape.kind or "case"
    fields = _planted_fields(kind, target.sharing or "organisation")
    name, value = EDIT_CHANGE.get(kind, ("external_id", "edited"))
    return Body(data={**fields, name: value, "version": str(_version(world, target))})


def _web_delete(world: World, shape: Shape, target: Target, member: Member | None) -> Body:
    return Body(data={"reason": REASON, "version": str(_version(world, target))})


def _web_marking(world: World, shape: Shape, target: Target, member: Member | None) -> Body:
    version = str(_version(world, target))
    return Body(data={"tlp": "AMBER", "handling": "H0", "version": version})


def _record_in_body(target: Target) -> dict[str, Any]:
    return {"kind": "case", "record_id": target.record_id}


def _fixed(body: Body) -> Builder:
    return lambda world, shape, target, member: body


def _with(make: Callable[[Target, Member | None], Body]) -> Builder:
    return lambda world, shape, target, member: make(target, member)


def _fresh_name(prefix: str) -> str:
    return f"{prefix}{next(_fresh)}"


def _new_user(api: bool) -> Builder:
    def build(world: World, shape: Shape, target: Target, member: Member | None) -> Body:
        user = {
            "username": _fresh_name("sec-new-"),
            "display_name": "A new account",
            "role": "analyst",
            "password": PASSWORD,
        }
        return Body(json=user) if api else Body(data={**user, "language": "en"})

    return build


# OTHER already asked about the planted reference: a second request is refused.
INFORMATION_REQUEST = {
    "reference": INFORMATION_REFERENCE,
    "purpose": "the matrix",
    "basis": "other",
    "urgency": "routine",
    "handling": "H0",
}

WEB_NEW = {
    "/cases/new": {**MARKING, **NEW["case"], "status": "investigation", "opened_on": "2024-03-01"},
    "/seizures/new": {**MARKING, "seized_on": "2024-02-02", "country": "KZ"},
    "/weapons/new": {**MARKING, "weapon_type": "pistol"},
    "/victims/new": {
        **MARKING,
        "consent_assistance": "on",
        "consent_given_on": "2024-04-02",
        "full_name": "Newwoman Testova",
        "sex": "female",
        "trafficking_status": "ActualVictim",
        "identified_on": "2024-04-02",
    },
    "/cases/{case_id:int}/events/new": {
        **MARKING,
        "stage": "reported",
        "occurred_on": "2024-01-11",
    },
    "/cases/{case_id:int}/people/new": {**MARKING, "full_name": "Newman Testov", "role": "witness"},
    "/export": {"format": "json", "lang": "en"},
}

# (method and path pattern, over the concrete path) -> builder; the first match wins.
BUILDERS: list[tuple[str, Builder]] = [
    (
        r"GET /api/v1/people/search",
        _fixed(Body(params={"q": planting.SURNAME, "purpose": "suite"})),
    ),
    (r"GET /api/v1/\w+/\{record_id\}/identity", _fixed(Body(params={"purpose": "assistance"}))),
    (r"POST /api/v1/records", _fixed(Body(json={"records": [{"kind": "case", **NEW["case"]}]}))),
    (
        r"POST /api/v1/share-requests",
        _with(
            lambda t, m: Body(
                json={**_record_in_body(t), "target": _target_org(m), "reason": REASON}
            )
        ),
    ),
    (r"POST /api/v1/share-requests/.*/decision", _fixed(Body(json={"approve": True}))),
    (r"POST /api/v1/discovery/requests", _fixed(Body(json=INFORMATION_REQUEST))),
    (r"POST /api/v1/discovery/requests/.*/decision", _fixed(Body(json={"decision": "approve"}))),
    (r"POST /discovery/requests", _fixed(Body(data=INFORMATION_REQUEST))),
    (r"POST /discovery/requests/.*/decision", _fixed(Body(data={"decision": "approve"}))),
    (
        r"POST /api/v1/break-glass",
        _with(lambda t, m: Body(json={**_record_in_body(t), "reason": REASON})),
    ),
    (r"POST /api/v1/break-glass/.*/approval", _fixed(Body(json={"hours": 1}))),
    (r"POST /api/v1/users", _new_user(api=True)),
    (r"PATCH /api/v1/users/.*", _fixed(Body(json={"role": "analyst"}))),
    (r"POST /api/v1/role-requests/.*/decision", _fixed(Body(json={"approve": True}))),
    (r"POST /api/v1/exports", _fixed(Body(json={"format": "json"}))),
    (r"POST /login", _fixed(Body(data={"username": "sec-nobody", "password": "not it"}))),
    (r"POST /logout", _fixed(Body(data={}, fresh_session=True))),
    (r"POST /language", _fixed(Body(data={"language": "en", "back": "/"}))),
    (r"POST /search", _fixed(Body(data={"q": planting.SURNAME, "purpose": "suite"}))),
    (r"POST /account/tokens", _fixed(Body(data={"name": "suite", "days": "30"}))),
    (r"POST /account/approvals/.*", _fixed(Body(data={"decision": "approve"}))),
    (r"POST /admin/users", _new_user(api=False)),
    (r"POST /admin/users/.*/active", _fixed(Body(data={"active": "no"}))),
    (r"POST /admin/users/.*/role", _fixed(Body(data={"role": "analyst"}))),
    (r"POST /sharing/\w+/.*/marking", _web_marking),
    (r"POST /sharing/\w+/.*/distribution", _with(lambda t, m: Body(data=_distribution(t)))),
    (
        r"POST /sharing/\w+/.*/request",
        _with(lambda t, m: Body(data={"target": _target_org(m), "reason": REASON})),
    ),
    (r"POST /sharing/requests/.*/decide", _fixed(Body(data={"decision": "approve"}))),
    (
        r"POST /break-glass",
        _with(
            lambda t, m: Body(
                data={"kind": "case", "record_id": str(t.record_id), "reason": REASON}
            )
        ),
    ),
    (r"POST /break-glass/.*/approval", _fixed(Body(data={"hours": "1"}))),
    (r"POST /\w+/\{record_id:int\}/identity", _fixed(Body(data={"purpose": "assistance"}))),
    (r"POST /[\w-]+/\{record_id:int\}/edit", _web_edit),
    (r"POST /[\w-]+/\{record_id:int\}/delete", _web_delete),
]


def _record_route(shape: Shape) -> bool:
    kind = shape.kind
    if kind is None or not shape.served.api:
        return False
    base = f"/api/v1/{KIND_BY_NAME[kind].path}"
    return shape.path in (base, f"{base}/{{record_id}}", f"{base}/{{record_id}}/distribution")


def body_for(world: World, shape: Shape, target: Target, member: Member | None) -> Body:
    if _record_route(shape):
        return _api_record(world, shape, target, member)
    for pattern, build in BUILDERS:
        if re.fullmatch(pattern, shape.name):
            return build(world, shape, target, member)
    method = shape.served.method
    if shape.served.path in WEB_NEW and method == "POST":
        return Body(data=dict(WEB_NEW[shape.served.path]))
    if method == "GET":
        return Body()
    return Body(json={}) if shape.served.api else Body(data={})
