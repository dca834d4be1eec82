"""What a caller may see and change, written from the design (DESIGN.md, issue 13),
not read from the code: the matrix holds every answer against it.

- Roles that read records see their own organisation's records, a group's records
  when their organisation is in the group, records shared with it by name; never
  another organisation's unshared ones.  Administrators and auditors see none.
- A victim's sealed name is shown only on the identity routes, only to the
  owning organisation's case worker (the conservative reading of the vault's rules;
  no planted victim consented to anything).
- Nothing changes for a request without a credential of that door, with a read-only
  token, by a role or credential the route's declared actions do not admit, about
  a record the caller cannot see or does not own (for changes in place), about
  another organisation's account, or about a missing id.  Nobody changes their
  own role or disables their own account; only an organisation's designated
  approver decides its role requests; only administrators manage accounts and
  organisations, and revoke a colleague's token.
- Administrators, auditors and statistics officers change no record, whatever the
  declarations say.
- Every change is in the audit trail, but for one's own choice of language.
"""

from __future__ import annotations

import re

from tests.service.security import planting
from tests.service.security.credentials import Caller, Presented
from tests.service.security.targets import Shape, Target
from tests.service.security.world import APPROVER, Member, World

from amanat.access.models import User
from amanat.access.roles import Role
from amanat.actions.actor import Actor, Credential
from amanat.actions.door import REGISTRY, admit, bound_to

READERS = frozenset(
    {Role.analyst, Role.investigator, Role.prosecutor, Role.case_worker, Role.statistics_officer}
)
# Roles that never create or change a record: administrators and auditors never
# touch records, statistics officers compute and publish indicators.
NO_RECORD_WRITES = frozenset({Role.administrator, Role.auditor, Role.statistics_officer})
# Routes anyone may use, signed in or not.
PUBLIC = frozenset(
    {
        "GET /api/v1/health",
        # The operator's probes: ok or a short reason, nothing of any record.
        "GET /health/live",
        "GET /health/ready",
        # No user's credential: the metrics token, without which it is absent (404).
        "GET /metrics",
        # No user's credential: a peer node's signature over the request, without which
        # the feed is absent (404, the missing page; tests/cli/test_federation.py).
        "GET /federation/v1/feed",
        "GET /api/v1/openapi.json",
        "GET /docs",
        "GET /login",
        "POST /login",
        "POST /logout",
        "POST /language",
        # A password-reset link: the link is the credential (actions.account_recovery).
        "GET /reset/{token}",
        "POST /reset/{token}",
    }
)
RECORD_MARKERS = {
    planting.marker(kind, sharing): (kind, sharing)
    for kind in planting.KINDS
    for sharing in planting.SHARINGS
}
SEALED_MARKERS = {planting.sealed_marker(sharing): sharing for sharing in planting.SHARINGS}
ALL_MARKERS = {**{m: s for m, (_, s) in RECORD_MARKERS.items()}, **SEALED_MARKERS}
# Routes that change a record in place: only its originating organisation may.
IN_PLACE = re.compile(
    r"(PATCH|DELETE) /api/v1/[\w-]+/\{record_id\}|PUT /api/v1/[\w-]+/\{record_id\}/distribution"
    r"|POST /[\w-]+/\{record_id:int\}/(edit|delete)"
    r"|POST /sharing/\w+/\{record_id:int\}/(marking|distribution)"
)
ROLE_DECISIONS = re.compile(r"POST /api/v1/role-requests/.*|POST /account/approvals/.*")
# Managing accounts and the directory is the administrators' work, and theirs alone.
ADMINISTRATION = re.compile(
    r"(POST|PATCH) /api/v1/(users|organisations)(/.*)?|POST /admin/(users|organisations)(/.*)?"
)
# A token is revoked by its own user, or an administrator of its organisation.
TOKEN_REVOKING = re.compile(
    r"DELETE /api/v1/tokens/.*|POST /account/tokens/.*/revoke|POST /admin/tokens/.*/revoke"
)
# Asking for an emergency read files a request whether or not the record exists.
FILES_REQUESTS = frozenset({"POST /api/v1/break-glass", "POST /break-glass"})
# Changes the trail does not record, by design.
UNAUDITED = frozenset({"POST /language"})
CREDENTIAL = {
    Presented.session: Credential.session,
    Presented.token: Credential.token,
    Presented.read_only_token: Credential.read_only_token,
}


def public(shape: Shape) -> bool:
    return shape.served.mounted or shape.name in PUBLIC


def sees(member: Member | None, sharing: str) -> bool:
    return member is not None and member.role in READERS and member.org in planting.SEEN_BY[sharing]


def allowed_markers(member: Member | None, shape: Shape) -> frozenset[str]:
    if member is None:
        return frozenset()
    found = {m for m, (_, sharing) in RECORD_MARKERS.items() if sees(member, sharing)}
    if shape.path.endswith("/identity") and member.role is Role.case_worker:
        found |= {
            m
            for m, sharing in SEALED_MARKERS.items()
            if planting.OWNED_BY[sharing] == member.org and sees(member, sharing)
        }
    return frozenset(found)


def disclosed(text: str) -> list[str]:
    return sorted(m for m in ALL_MARKERS if m in text)


def actor(world: World, member: Member, presented: Presented) -> Actor:
    user = User(id=member.user_id, org_id=world.org_ids[member.org], role=member.role.value)
    return Actor(CREDENTIAL[presented], user)


def admits_a_write(world: World, endpoint: object, caller: Caller) -> bool | None:
    """Whether any changing action the route is bound to admits the caller (by its
    declaration alone); None for a route bound to nothing."""
    names = bound_to(endpoint)
    if not names:
        return None
    assert caller.member is not None
    who = actor(world, caller.member, caller.presented)
    for name in names:
        declaration = REGISTRY.get(name)
        if declaration is None or declaration.read_only:
            continue
        try:
            admit(declaration, who)
        except PermissionError:
            continue
        return True
    return False


def must_hold_still(
    world: World, shape: Shape, endpoint: object, caller: Caller, target: Target
) -> str | None:
    """Why this request may change nothing, or None if it may."""
    member = caller.user_for(shape.served.api)
    if member is None:
        return "it carries no credential of this door"
    if caller.presented is Presented.read_only_token:
        return "the token is read-only"
    if admits_a_write(world, endpoint, caller) is False:
        return f"no action of the route admits a {member.role.value} with a {caller.presented}"
    if target.kind is not None and shape.name not in FILES_REQUESTS:
        if target.missing:
            return "the record does not exist"
        if target.sharing is not None and not sees(member, target.sharing):
            return "the caller cannot see the record"
        if IN_PLACE.fullmatch(shape.name) and target.owner != member.org:
            return "the record is another organisation's"
    if target.kind is None and target.missing:
        return "the id names nothing"
    if target.kind is None and target.owner not in (None, member.org):
        return "it belongs to another organisation"
    if target.label == "self":
        return "nobody changes their own role or disables their own account"
    if ROLE_DECISIONS.fullmatch(shape.name) and member.role is not APPROVER:
        return "only the organisation's designated approver decides role requests"
    if ADMINISTRATION.fullmatch(shape.name) and member.role is not Role.administrator:
        return "only administrators manage accounts and organisations"
    if TOKEN_REVOKING.fullmatch(shape.name) and member.role is not Role.administrator:
        return "only a token's own user or an administrator revokes it (the token is a colleague's)"
    return None


def records_hold_still(shape: Shape, caller: Caller) -> str | None:
    """Why this request may change no record (though it may change accounts,
    tokens, shares or requests), or None."""
    member = caller.user_for(shape.served.api)
    if member is not None and member.role in NO_RECORD_WRITES:
        return f"a {member.role.value} never writes records"
    return None
