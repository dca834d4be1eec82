"""Actions called as the command line calls them: a context over one transaction.

- ``acting(engine, username, credential)``: a ``Context`` for that user (by default on
  the command line; ``Credential.read_only_token`` for a read-only API token), in a
  transaction committed when the block ends without error;
- ``operating(engine)``: the same for the system operator;
- ``trail(engine)``: the audit trail's rows, oldest first.

Unlike ``amanat.cli.door``, refusals are raised, for the tests to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, select

from amanat.access.accounts import user_by_name
from amanat.access.audit_store import AuditRecord
from amanat.actions.actor import OPERATOR, Actor, Credential
from amanat.actions.door import Context
from amanat.store.engine import session_factory, transaction


@contextmanager
def acting(
    engine: Engine, username: str, credential: Credential = Credential.command_line
) -> Iterator[Context]:
    with transaction(engine) as session:
        yield Context(session, Actor(credential, user_by_name(session, username)))


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
