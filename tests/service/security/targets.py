"""What a request is about: the ids that fill a route's path (or, for the few routes
that name a record in their body, the body).

A record route is tried on the planted record of every sharing and on a missing id;
an account route on the caller's own account, a colleague's, another
organisation's and a missing one; a decision route on the planted request and a
missing one.  A route whose path holds ``{kind}`` is made concrete for each kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.service.security import planting
from tests.service.security.surface import Served, mounted_file
from tests.service.security.world import World

from amanat.actions.records.kinds import KIND_BY_PATH

PARAM = re.compile(r"{(\w+)(?::\w+)?}")
MISSING = 987_654_321
# Path parameters that name a record, and its kind when the name says it.
RECORD_PARAMS: dict[str, str | None] = {
    "record_id": None,
    "case_id": "case",
    "person_id": "person",
    "victim_id": "victim",
    "source_id": "source",
}
# Routes that name their record in the body (kind, id).
BODY_TARGETS = frozenset(
    {"POST /api/v1/share-requests", "POST /api/v1/break-glass", "POST /break-glass"}
)
ORG_ORDER = ("own", "group", "named", "other")


@dataclass(frozen=True)
class Shape:
    """A route, made concrete for one kind of record where its path holds ``{kind}``."""

    served: Served
    kind: str | None

    @property
    def path(self) -> str:
        return self.served.path.replace("{kind}", self.kind or "case")

    @property
    def name(self) -> str:
        return f"{self.served.method} {self.path}"

    @property
    def params(self) -> list[str]:
        return PARAM.findall(self.path)


def kind_in_path(path: str) -> str | None:
    parts = path.removeprefix("/api/v1").strip("/").split("/")
    found = KIND_BY_PATH.get(parts[0]) if parts else None
    return found.name if found else None


def shapes(routes: list[Served]) -> list[Shape]:
    made: list[Shape] = []
    for route in routes:
        if "{kind}" in route.path:
            made += [Shape(route, kind) for kind in planting.KINDS]
        else:
            made.append(Shape(route, kind_in_path(route.path)))
    return made


@dataclass(frozen=True)
class Target:
    label: str
    values: dict[str, str] = field(default_factory=dict)
    kind: str | None = None
    record_id: int | None = None
    # The planted record's sharing; None for anything else (and a missing record).
    sharing: str | None = None
    # The organisation the target belongs to (accounts, requests); None if missing.
    owner: str | None = None
    in_body: bool = False

    @property
    def missing(self) -> bool:
        return self.label == "missing"


def _foreign(org: str) -> str:
    return "other" if org != "other" else "own"


def _record_targets(world: World, kind: str, param: str, identity: bool) -> list[Target]:
    key = "protected" if identity and kind == "person" else kind
    found = [Target("missing", {param: str(MISSING)}, kind, MISSING)]
    for sharing in reversed(planting.SHARINGS):
        record_id = world.records[(key, sharing)]
        owner = planting.OWNED_BY[sharing]
        found.append(Target(sharing, {param: str(record_id)}, kind, record_id, sharing, owner))
    return found


def _account_targets(world: World, shape: Shape, param: str, org: str) -> list[Target]:
    """Another organisation's, then the caller's organisation's (a colleague's)."""
    by_org = {
        "user_id": world.spare_users,
        "token_id": world.spare_tokens,
        "request_id": world.role_requests,
        "org_id": world.org_ids,
    }
    planted = {"grant_id": world.emergency_request}
    if "shar" in shape.path:
        planted["request_id"] = world.share_request
    if "discovery/requests" in shape.path:
        planted["request_id"] = world.information_request
    missing = Target("missing", {param: str(MISSING)})
    if param in planted:  # decided by OWN, the bait's organisation
        return [missing, Target("planted", {param: str(planted[param])}, owner="own")]
    if param in by_org:
        ids, foreign = by_org[param], _foreign(org)
        return [
            missing,
            Target("foreign", {param: str(ids[foreign])}, owner=foreign),
            Target("colleague", {param: str(ids[org])}, owner=org),
        ]
    if param == "path":  # a mounted app's files
        return [Target("file", {param: mounted_file(shape.served.endpoint)})]
    return [missing]


def targets(world: World, shape: Shape, org: str | None, user_id: int | None) -> list[Target]:
    """What to try the route on, for a caller of ``org`` (anonymous: OWN's)."""
    org = org or "own"
    if shape.name in BODY_TARGETS:
        return [
            Target(t.label, {}, t.kind, t.record_id, t.sharing, t.owner, in_body=True)
            for t in _record_targets(world, "case", "record_id", identity=False)
        ]
    params = shape.params
    if not params:
        return [Target("none")]
    param = params[0]
    if param in RECORD_PARAMS:
        kind = RECORD_PARAMS[param] or shape.kind or "case"
        found = _record_targets(world, kind, param, shape.path.endswith("/identity"))
    else:
        found = _account_targets(world, shape, param, org)
        if param == "user_id" and user_id is not None:
            found.append(Target("self", {param: str(user_id)}, owner=org))
    # Any further parameter: its first value (none of today's routes has one).
    for other in params[1:]:
        fill = _account_targets(world, shape, other, org)[0].values
        found = [
            Target(t.label, {**t.values, **fill}, t.kind, t.record_id, t.sharing, t.owner)
            for t in found
        ]
    return found


def url(shape: Shape, target: Target) -> str:
    def fill(match: re.Match[str]) -> str:
        return target.values.get(match.group(1), str(MISSING))

    return PARAM.sub(fill, shape.path)
