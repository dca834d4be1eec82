"""Action fixtures: the web tests' small world (``tests.service.web.conftest``) in
the ``engine`` fixture's database (SQLite and PostgreSQL), and a way to act in it.

- ``world``: ``world.acting(username)`` is a context acting as that user through a
  web session, in one transaction committed when the block ends; ``world.entries``
  the audit trail's entries of one action name.  Users are named after their job
  ("police", "prosecutor", "ngo", "shelter", "stats", "admin", "auditor",
  "uz-police" outside the sharing group).

Actions called as the command line calls them (plain helpers, no fixture):

- ``acting(engine, username, credential)``: a ``Context`` for that user (by default on
  the command line; ``Credential.read_only_token`` for a read-only API token), in a
  transaction committed when the block ends without error;
- ``operating(engine)``: the same for the system operator;
- ``trail(engine)``: the audit trail's rows, oldest first.

Refusals are raised, for the tests to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine, select
from tests.service.web.conftest import GROUP, build_world

from amanat.access.accounts import user_by_name
from amanat.access.audit_store import AuditRecord
from amanat.access.models import User
from amanat.access.vault import MasterKey, generate_master_key
from amanat.actions import records
from amanat.actions.actor import OPERATOR, Actor, Credential
from amanat.actions.door import Context
from amanat.store.engine import session_factory, transaction

MARKING = {
    "source_kind": "agency_record",
    "reliability": "B",
    "credibility": "2",
    "tlp": "AMBER",
    "handling": "H0",
}


@dataclass
class World:
    engine: Engine
    master: MasterKey

    @contextmanager
    def acting(self, username: str, *, master: bool = True) -> Iterator[Context]:
        with transaction(self.engine) as session:
            user = session.scalars(select(User).where(User.username == username)).one()
            actor = Actor(Credential.session, user)
            yield Context(session, actor, master_key=self.master if master else None)

    def entries(self, action: str) -> list[dict[str, Any]]:
        """The trail's entries named ``action``: who, what, why and the detail."""
        with transaction(self.engine) as session:
            rows = session.scalars(select(AuditRecord).where(AuditRecord.action == action))
            return [
                {
                    "user_id": row.actor_user_id,
                    "target": (row.target_kind, row.target_id),
                    "purpose": row.purpose,
                    **json.loads(row.detail),
                }
                for row in rows
            ]

    def user_id(self, username: str) -> int:
        with transaction(self.engine) as session:
            return session.scalars(select(User.id).where(User.username == username)).one()

    def create(self, username: str, *new: dict[str, Any], group: bool = True) -> dict[str, int]:
        """Write records as ``username``, marked for the sharing group (or the owner)."""
        marking = {**MARKING, "distribution": "group" if group else "owner"}
        with self.acting(username) as ctx:
            if group:
                marking["sharing_group_id"] = _group_id(ctx)
            return records.create_records(ctx, [{**marking, **record} for record in new])


def _group_id(ctx: Context) -> int:
    from amanat.actions import sharing

    return next(g.id for g in sharing.groups(ctx) if g.name == GROUP)


@pytest.fixture
def world(engine: Engine) -> World:
    build_world(engine)
    return World(engine, generate_master_key())


VICTIM_PERSON = {
    "kind": "person",
    "ref": "person",
    "is_protected": True,
    "names": [{"full_name": "Айгуль Сапарова"}],
    "birth_year": 1999,
}


def victim(**fields: Any) -> list[dict[str, Any]]:
    """A protected person and her victim record (refs "person" and "victim")."""
    record = {
        "kind": "victim",
        "ref": "victim",
        "person_id": "@person",
        "trafficking_status": "ActualVictim",
        "consents": [{"purpose": "assistance", "given_on": "2024-04-02"}],
        **fields,
    }
    return [VICTIM_PERSON, record]


@contextmanager
def acting(
    engine: Engine,
    username: str,
    credential: Credential = Credential.command_line,
    *,
    key: MasterKey | None = None,
) -> Iterator[Context]:
    with transaction(engine) as session:
        actor = Actor(credential, user_by_name(session, username))
        yield Context(session, actor, master_key=key)


@contextmanager
def operating(engine: Engine) -> Iterator[Context]:
    with transaction(engine) as session:
        yield Context(session, OPERATOR)


def trail(engine: Engine) -> list[AuditRecord]:
    with session_factory(engine)() as session:
        return list(session.scalars(select(AuditRecord).order_by(AuditRecord.seq)))


def detail(entry: AuditRecord) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(entry.detail)
    return found
