"""The authorisation matrix's runner: one route, every caller (roles × organisations ×
credentials) and every target, each answer held against the oracle.

Callers: every role, in the owning organisation and in another, with the door's own
credential (the API's token, the web app's session); read-only tokens; the other
door's credential (a session cookie on the API, a token on a web page); and nothing.
Routes of a kind of record other than cases, people and victims (one factory makes
them all) are tried by fewer: a reader of OWN, a reader of GROUP, an administrator,
and one caller for each other credential.  Reads get one read-only token and one
cross credential; writes several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.service.security import oracle
from tests.service.security.bodies import body_for
from tests.service.security.credentials import Caller, Presented, send
from tests.service.security.register_state import Watch, changed_tables, recorded, undelete
from tests.service.security.surface import served
from tests.service.security.targets import Shape, Target, targets, url
from tests.service.security.world import Member, World

from amanat.access.roles import Role
from amanat.actions.door import bound_to

FULL_KINDS = frozenset({"case", "person", "victim"})
# Who calls with the door's own credential: every role of the owning organisation,
# and every role again in one of the others (so each role meets a record of each
# relationship); on routes of the other kinds, a reader of OWN, a reader of GROUP
# (who sees OWN's group records without owning them) and an administrator.
EVERYONE = (
    *(f"own-{role.value}" for role in Role),
    "group-investigator",
    "group-statistics_officer",
    "group-administrator",
    "named-analyst",
    "named-case_worker",
    "other-prosecutor",
    "other-auditor",
)
FEW = ("own-investigator", "group-investigator", "own-administrator")
# Who presents the other door's credential, and read-only tokens.
CROSS = ("own-investigator", "own-administrator")
READ_ONLY = ("own-investigator", "own-case_worker", "own-administrator", "other-prosecutor")
# Checking a password costs a third of a second: signing in is tried by few.
EXPENSIVE = frozenset({"POST /login"})
WRITERS = frozenset({Role.analyst, Role.investigator, Role.prosecutor, Role.case_worker})


def _members(world: World, names: tuple[str, ...]) -> list[Member]:
    return [world.members[f"sec-{name}"] for name in names]


def _order(member: Member) -> tuple[bool, bool, str]:
    # OWN's writers last: a permitted delete then removes a record nobody else needs.
    return (member.org == "own", member.role in WRITERS, member.username)


def callers(world: World, shape: Shape) -> list[Caller]:
    api, reads = shape.served.api, shape.served.method == "GET"
    full = shape.kind is None or shape.kind in FULL_KINDS
    if shape.name in EXPENSIVE:
        analyst = world.member("own", "analyst")
        return [Caller(None, Presented.nothing), Caller(analyst, Presented.session)]
    members = sorted(_members(world, EVERYONE if full else FEW), key=_order)
    one = reads or not full
    cross = _members(world, CROSS[:1] if one else CROSS)
    read_only = _members(world, READ_ONLY[:1] if one else READ_ONLY)
    found = [Caller(None, Presented.nothing)]
    if api:
        found += [Caller(m, Presented.session) for m in cross]
        found += [Caller(m, Presented.read_only_token) for m in read_only]
        found += [Caller(m, Presented.token) for m in members]
    else:
        found += [Caller(m, Presented.token) for m in cross]
        found += [Caller(m, Presented.read_only_token) for m in read_only]
        found += [Caller(m, Presented.session) for m in members]
    return found


@dataclass
class Report:
    shape: Shape
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    # caller label -> target label -> what came back
    answers: dict[str, dict[str, str]] = field(default_factory=dict)


def endpoint_of(world: World, shape: Shape) -> object:
    """The handler in the world's own app (reading the route table is slow: once)."""
    if not world.endpoints:
        world.endpoints.update({r.name: r.endpoint for r in served(world.app)})
    return world.endpoints[shape.served.name]


def _answer(api: bool, status: int, text: str) -> str:
    """What a caller learns from an answer, for comparing a denied target with a
    missing one (ids in a message say nothing new)."""
    if not api or status < 400:
        return str(status)
    return f"{status} {re.sub(r'[0-9]+', '#', text)}"


def check(
    world: World, report: Report, endpoint: object, watch: Watch, caller: Caller, target: Target
) -> None:
    shape = report.shape
    api, method = shape.served.api, shape.served.method
    where = f"{shape.name} [{target.label}] {caller.label}"
    member = caller.user_for(api)
    reason = oracle.must_hold_still(world, shape, endpoint, caller, target)
    records_only = reason is None
    reason = reason or oracle.records_hold_still(shape, caller)
    # Every change a signed-in caller makes must be in the trail: watched too.
    watched = method != "GET" and (reason is not None or member is not None)
    before = watch.before() if watched else None
    sent = send(
        world, caller, method, url(shape, target), body_for(world, shape, target, caller.member)
    )
    report.requests += 1
    answer = sent.response
    problems = report.problems
    if answer.status_code >= 500:
        problems.append(f"{where}: answered {answer.status_code} {answer.text[:200]}")
    if member is None and not oracle.public(shape):
        location = answer.headers.get("location", "")
        to_login = answer.status_code == 303 and location.startswith("/login")
        if api and answer.status_code != 401:
            problems.append(f"{where}: answered {answer.status_code}, not 401")
        if not api and not to_login:
            problems.append(f"{where}: answered {answer.status_code}, not a redirect to /login")
    leaked = [
        m for m in oracle.disclosed(answer.text) if m not in oracle.allowed_markers(member, shape)
    ]
    if leaked:
        problems.append(f"{where}: discloses {', '.join(leaked)} (status {answer.status_code})")
    bound = bound_to(endpoint)
    unbound = sorted({d.name for d in sent.ran if d.name not in bound})
    if unbound:
        problems.append(f"{where}: ran {', '.join(unbound)}, which the route is not bound to")
    if before is not None:
        after = watch.after()
        changed = changed_tables(before, after, records_only=records_only)
        if changed and reason is not None:
            problems.append(f"{where}: changed {', '.join(changed)} although {reason}")
        changed = changed_tables(before, after)
        if changed and not recorded(before, after) and shape.name not in oracle.UNAUDITED:
            problems.append(f"{where}: changed {', '.join(changed)} and wrote no audit entry")
    else:
        watch.unchecked()
    if target.kind is not None:
        seen = _answer(api, answer.status_code, answer.text)
        report.answers.setdefault(caller.label, {})[target.label] = seen


def denied_like_missing(report: Report, callers_: list[Caller]) -> None:
    """A record one may not see is answered exactly as one that does not exist."""
    api = report.shape.served.api
    for caller in callers_:
        answers = report.answers.get(caller.label, {})
        missing = answers.get("missing")
        member = caller.user_for(api)
        for label, answer in answers.items():
            if label == "missing" or oracle.sees(member, label):
                continue
            if answer != missing:
                report.problems.append(
                    f"{report.shape.name} {caller.label}: the {label} record (unseen) answers "
                    f"{answer!r}, a missing one {missing!r}"
                )


def run(world: World, shape: Shape) -> Report:
    report = Report(shape)
    endpoint = endpoint_of(world, shape)
    if not bound_to(endpoint):
        report.problems.append(f"{shape.name}: bound to no action")
    watch = Watch(world.engine)
    everyone = callers(world, shape)
    for caller in everyone:
        who = caller.member
        for target in targets(world, shape, who.org if who else None, who.user_id if who else None):
            check(world, report, endpoint, watch, caller, target)
    denied_like_missing(report, everyone)
    if shape.served.method == "DELETE" or shape.path.endswith("/delete"):
        undelete(world.engine, world.records)
    return report
