"""The security suite's world: four organisations, a user of every role in each, their
credentials, and the planted records (``planting``) in every relationship to them.

- OWN owns most records; GROUP shares a sharing group with OWN; NAMED has OWN's
  "named" records shared with it by name; OTHER owns records of its own and sees
  none of OWN's.
- Users are ``sec-<org>-<role>``, each with an API token, a read-only API token and
  an open web session.  Every organisation's prosecutor is its designated approver
  of accounts.
- Spare users (``sec-<org>-spare``, with a token) are what account routes act on;
  ``sec-<org>-asker`` waits for a role that reads records.  Neither ever calls.
- The planted share request and emergency request are about a bait case that carries
  no marker, so deciding them discloses nothing the oracle counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.service.security import planting
from tests.service.web.conftest import SECRET

from amanat.access import accounts, groups, role_requests, sessions
from amanat.access.models import ApiToken, RecordShare, User
from amanat.access.role_requests import RoleRequest
from amanat.access.roles import Role
from amanat.access.vault import MasterKey, generate_master_key
from amanat.actions import emergency, sharing
from amanat.actions.actor import Actor, Credential
from amanat.actions.door import Context
from amanat.actions.records import create_records
from amanat.discovery.models import DiscoveryHit, InformationRequest
from amanat.service.app import create_app
from amanat.service.settings import ServiceSettings
from amanat.store.engine import transaction

GROUP_NAME = "Security suite group"
INFORMATION_REFERENCE = "matrix-reference"
# label -> (code, kind)
ORGS = {
    "own": ("SEC-OWN", "police"),
    "group": ("SEC-GROUP", "prosecutor"),
    "named": ("SEC-NAMED", "ngo"),
    "other": ("SEC-OTHER", "police"),
}
APPROVER = Role.prosecutor


@dataclass(frozen=True)
class Member:
    """A user who calls, with every credential it holds."""

    username: str
    org: str
    role: Role
    user_id: int
    token: str
    read_only_token: str
    session_key: str


@dataclass
class World:
    engine: Engine
    app: FastAPI
    client: TestClient
    master: MasterKey
    org_ids: dict[str, int]
    members: dict[str, Member]
    # (kind, sharing) -> id; ("protected", sharing) -> the victim's person.
    records: dict[tuple[str, str], int]
    bait: int
    spare_users: dict[str, int]
    spare_tokens: dict[str, int]
    role_requests: dict[str, int]
    share_request: int
    emergency_request: int
    # A request for information after a hit, held by OWN, asked by OTHER, pending.
    information_request: int = field(default=0)
    requests_made: int = field(default=0)
    # "METHOD path" -> the handler (``matrix.endpoint_of``).
    endpoints: dict[str, object] = field(default_factory=dict)

    def member(self, org: str, role: Role | str) -> Member:
        return self.members[username(org, Role(role))]


def username(org: str, role: Role) -> str:
    return f"sec-{org}-{role.value}"


def settings(uploads: Path) -> ServiceSettings:
    return ServiceSettings(secret_key=SECRET, secure_cookies=False, upload_dir=str(uploads))


@contextmanager
def acting(session: Session, name: str, master: MasterKey) -> Iterator[Context]:
    user = session.scalars(select(User).where(User.username == name)).one()
    yield Context(session, Actor(Credential.command_line, user), master_key=master)


def _people(session: Session) -> dict[str, Member]:
    made: dict[str, Member] = {}
    for org, (code, _) in ORGS.items():
        org_id = accounts.organisation_by_code(session, code).id
        admin = None
        for role in Role:
            name = username(org, role)
            user = User(org_id=org_id, username=name, display_name=name, role=role.value)
            user.approves_accounts = role is APPROVER
            session.add(user)
            session.flush()
            admin = user if role is Role.administrator else admin
            _, token = accounts.create_token(session, name, "matrix")
            _, read_only = accounts.create_token(session, name, "matrix", read_only=True)
            key = sessions.open_session(session, user.id)
            made[name] = Member(name, org, role, user.id, token, read_only, key)
        assert admin is not None
        for spare in ("spare", "asker"):
            name = f"sec-{org}-{spare}"
            session.add(User(org_id=org_id, username=name, display_name=name, role="auditor"))
            session.flush()
            accounts.create_token(session, name, "spare")
        asker = session.scalars(select(User).where(User.username == f"sec-{org}-asker")).one()
        role_requests.ask(session, asker, Role.analyst, admin, new_account=False)
    return made


def _plant(session: Session, master: MasterKey, group_id: int) -> dict[tuple[str, str], int]:
    ids: dict[tuple[str, str], int] = {}
    named_org = accounts.organisation_by_code(session, ORGS["named"][0]).id
    for sharing_kind in planting.SHARINGS:
        owner = planting.OWNED_BY[sharing_kind]
        group = group_id if sharing_kind == "group" else None
        with acting(session, username(owner, Role.investigator), master) as ctx:
            made = create_records(ctx, planting.bundle(sharing_kind, group), {"tlp": "AMBER"})
        for kind in planting.KINDS:
            ids[(kind, sharing_kind)] = made[kind]
        ids[("protected", sharing_kind)] = made["victim_person"]
        if sharing_kind == "named":
            for ref, record_id in made.items():
                kind = "person" if ref == "victim_person" else ref
                session.add(RecordShare(record_kind=kind, record_id=record_id, org_id=named_org))
    session.flush()
    return ids


def _information_request(session: Session, master: MasterKey, org_ids: dict[str, int]) -> int:
    """OTHER's request for what a hit on an unmarked person of OWN's holds: deciding it
    shares nothing the oracle counts."""
    with acting(session, username("own", Role.investigator), master) as ctx:
        person = create_records(ctx, planting.quiet_person(), {"tlp": "AMBER"})["quiet"]
    asker = session.scalars(
        select(User.id).where(User.username == username("other", Role.investigator))
    ).one()
    hit = DiscoveryHit(
        reference=INFORMATION_REFERENCE,
        person_id=person,
        holder_org_id=org_ids["own"],
        asker_user_id=asker,
        asker_org_id=org_ids["other"],
        band="certain",
        legal_basis="other",
        purpose="the matrix",
    )
    now = dt.datetime.now(dt.UTC)
    request = InformationRequest(
        reference=INFORMATION_REFERENCE,
        holder_org_id=org_ids["own"],
        asker_org_id=org_ids["other"],
        asker_user_id=asker,
        purpose="the matrix",
        legal_basis="other",
        urgency="routine",
        handling="H0",
        requested_at=now,
        due_at=now + dt.timedelta(hours=48),
        status="pending",
    )
    session.add_all([hit, request])
    session.flush()
    return request.id


def build(engine: Engine, uploads: Path) -> World:
    master = generate_master_key()
    with transaction(engine) as session:
        for code, kind in ORGS.values():
            accounts.add_organisation(session, code, code.title(), kind, "KZ")
        group = groups.add_group(session, GROUP_NAME, ORGS["own"][0])
        groups.add_member(session, GROUP_NAME, ORGS["group"][0])
        org_ids = {
            org: accounts.organisation_by_code(session, code).id for org, (code, _) in ORGS.items()
        }
        members = _people(session)
        records = _plant(session, master, group.id)
        with acting(session, username("own", Role.investigator), master) as ctx:
            bait = create_records(ctx, planting.bait(group.id), {"tlp": "AMBER"})["bait"]
        with acting(session, username("group", Role.investigator), master) as ctx:
            share = sharing.ask(ctx, "case", bait, ORGS["named"][0], "the named organisation helps")
        with acting(session, username("named", Role.investigator), master) as ctx:
            grant = emergency.ask(ctx, "case", bait, "a person is in danger tonight, urgently")
        spares = {
            org: session.scalars(select(User.id).where(User.username == f"sec-{org}-spare")).one()
            for org in ORGS
        }
        spare_tokens = {
            org: session.scalars(select(ApiToken.id).where(ApiToken.user_id == spares[org])).one()
            for org in ORGS
        }
        asked = {
            org: session.scalars(
                select(RoleRequest.id)
                .join(User, User.id == RoleRequest.user_id)
                .where(User.username == f"sec-{org}-asker")
            ).one()
            for org in ORGS
        }
        share_id, grant_id = share.id, grant.id
        information_id = _information_request(session, master, org_ids)
    app = create_app(engine=engine, settings=settings(uploads))
    app.state.master_key = master
    client = TestClient(app)
    client.__enter__()
    return World(
        engine,
        app,
        client,
        master,
        org_ids,
        members,
        records,
        bait,
        spares,
        spare_tokens,
        asked,
        share_id,
        grant_id,
        information_request=information_id,
    )
