"""The audit trail through the door: searched and its alerts read by auditors (the
``audit`` permission) or by the system operator on the command line; signed and
verified by the operator.

Auditors read the trail, never the records: an entry names the kind and id of what
was read, not its content.  Reading the trail is itself recorded ("audit_search",
"alerts_read"), so the watchers are watched too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from amanat.access import audit_keys, audit_store
from amanat.access.alert_query import candidates
from amanat.access.alerts import Alert, alerts_for, default_rules
from amanat.access.audit import Checkpoint, VerifyResult
from amanat.access.audit_store import AuditRecord, to_entry
from amanat.access.models import User
from amanat.access.roles import Permission
from amanat.actions.actor import USER_CREDENTIALS, Credential
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem, Refused
from amanat.actions.information_requests import PENDING
from amanat.discovery.models import InformationRequest
from amanat.language.i18n import N_
from amanat.language.refusal import Refusal
from amanat.register import Organisation
from amanat.register.base import utcnow

MAX_ENTRIES = 10_000
# Auditors through every door, and whoever runs the command line on the database.
READERS = USER_CREDENTIALS | {Credential.operator}

# What a search answers: the trail's stored entries.
Entry = AuditRecord


@dataclass(frozen=True)
class Wanted:
    """Which entries: by acting user (id or user name) or organisation (id or code),
    action, kind and id of the record, and time (``since`` inclusive, ``until`` not)."""

    user_id: int | None = None
    username: str | None = None
    org_id: int | None = None
    org_code: str | None = None
    action: str | None = None
    kind: str | None = None
    record: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


@dataclass(frozen=True)
class Found:
    entries: list[tuple[AuditRecord, str | None]]  # each with the actor's user name
    more: bool  # further entries past the last one given


def utc(when: dt.datetime | None) -> dt.datetime | None:
    """A time without a zone is read as UTC, as the trail keeps it."""
    return when.replace(tzinfo=dt.UTC) if when is not None and when.tzinfo is None else when


def _filtered(session: Session, wanted: Wanted) -> Select[AuditRecord, str]:
    query = select(AuditRecord, User.username).outerjoin(User, User.id == AuditRecord.actor_user_id)
    if wanted.org_code is not None:
        org = session.scalar(select(Organisation.id).where(Organisation.code == wanted.org_code))
        # An unknown code matches nothing (never the operator's entries, which have none).
        query = query.where(AuditRecord.actor_org_id == (org or -1))
    conditions = {
        AuditRecord.actor_user_id: wanted.user_id,
        User.username: wanted.username,
        AuditRecord.actor_org_id: wanted.org_id,
        AuditRecord.action: wanted.action,
        AuditRecord.target_kind: wanted.kind,
        AuditRecord.target_id: wanted.record,
    }
    for column, value in conditions.items():
        if value is not None:
            query = query.where(column == value)
    if wanted.since is not None:
        query = query.where(AuditRecord.at >= utc(wanted.since))
    if wanted.until is not None:
        query = query.where(AuditRecord.at < utc(wanted.until))
    return query


@action(
    "audit.search",
    "Search the audit trail (auditors, or the operator on the command line): who saw or "
    "did what, when and why; oldest first after an entry, or newest first before one",
    scope=Scope.audit_trail,
    permission=Permission.audit,
    credentials=READERS,
    read_only=True,
    audit="audit_search",
)
def search(
    ctx: Context,
    wanted: Wanted,
    *,
    limit: int = 100,
    oldest_first: bool = False,
    after: int | None = None,
    before: int | None = None,
) -> Found:
    """Newest first (the pages and the command line, paged with ``before``), or oldest
    first (the API, paged with ``after``)."""
    if not 1 <= limit <= MAX_ENTRIES:
        raise FieldProblem(
            ("query", "limit"),
            N_("must be between 1 and %(most)s"),
            limit,
            most=MAX_ENTRIES,
        )
    query = _filtered(ctx.session, wanted)
    if after is not None:
        query = query.where(AuditRecord.seq > after)
    if before is not None:
        query = query.where(AuditRecord.seq < before)
    order = AuditRecord.seq if oldest_first else AuditRecord.seq.desc()
    found = ctx.session.execute(query.order_by(order).limit(limit + 1))
    # The actor's name is None for the operator's entries (the outer join finds none).
    rows: list[tuple[AuditRecord, str | None]] = [(entry, name) for entry, name in found]
    shown = rows[:limit]
    ctx.audit(rows=len(shown))
    return Found(shown, len(rows) > limit)


@dataclass(frozen=True)
class Raised:
    alerts: list[Alert]  # in the trail's order
    usernames: dict[int, str]  # of the users the alerts name


def raised_alerts(
    session: Session, since: dt.datetime | None, until: dt.datetime | None, lang: str
) -> list[Alert]:
    """The alert rules (``access/alert_rules.yaml``) over the entries of a period."""
    # Core rows, not ORM objects: building (and identity-mapping) an object per entry
    # took most of an alerts page's time.
    table = AuditRecord.__table__
    query = select(table).order_by(table.c.seq).execution_options(yield_per=5000)
    if since is not None:
        query = query.where(table.c.at >= utc(since))
    if until is not None:
        query = query.where(table.c.at < utc(until))
    # Only entries some rule may raise an alert on are read at all (``alert_query``).
    query = query.where(candidates(default_rules(), table, session.get_bind().dialect.name))
    late = overdue_requests(session)
    entries = (to_entry(row) for row in session.execute(query))
    return alerts_for(session, entries, lang=lang, unanswered=late)


def overdue_requests(session: Session) -> frozenset[str]:
    """The requests for information still waiting for the holder's answer past their
    deadline (by id, as the trail names them): few, and each an alert."""
    query = select(InformationRequest.id).where(
        InformationRequest.status == PENDING, InformationRequest.due_at < utcnow()
    )
    return frozenset(str(found) for found in session.scalars(query))


@action(
    "audit.alerts",
    "Unusual access in a period (auditors, or the operator on the command line), by the "
    "rules in access/alert_rules.yaml",
    scope=Scope.audit_trail,
    permission=Permission.audit,
    credentials=READERS,
    read_only=True,
    audit="alerts_read",
)
def alerts(
    ctx: Context,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    lang: str = "en",
) -> Raised:
    """``since``/``until``: the period (none: from the first entry, to now)."""
    start, end = utc(since), utc(until)
    if start is not None and end is not None and end < start:
        raise FieldProblem(
            ("query", "since"), N_("the period must not end before it starts"), since
        )
    found = raised_alerts(ctx.session, start, end, lang)
    named = {a.user_id for a in found if a.user_id is not None}
    users = ctx.session.execute(select(User.id, User.username).where(User.id.in_(named)))
    ctx.audit(alerts=len(found))
    return Raised(found, {user_id: name for user_id, name in users})


@action(
    "audit.checkpoint",
    "Sign the latest audit entry now, as the next numbered checkpoint",
    scope=Scope.system,
    unaudited_because="the checkpoint is itself kept beside the trail and checked by "
    "verify; an entry for it would fall after the head it signs",
)
def checkpoint(ctx: Context, key: Ed25519PrivateKey) -> Checkpoint | None:
    """None when the trail is empty: nothing to sign.  A retired key is refused."""
    try:
        return audit_store.checkpoint_now(ctx.session, key)
    except audit_keys.SigningKeyRefused as exc:
        raise Refused(exc.msgid, **exc.params) from None


class KeyNeeded(Refusal, ValueError):
    """The trail has signed checkpoints and no verify key was given to check them."""


@action(
    "audit.verify",
    "Check every entry, signed checkpoint and receipt of the audit trail",
    scope=Scope.system,
    read_only=True,
    unaudited_because="it changes nothing and shows no entry's content; an entry would "
    "change the trail it verifies",
)
def verify(
    ctx: Context,
    keys: Sequence[Ed25519PublicKey],
    receipts: Sequence[tuple[str, Checkpoint]] = (),
) -> VerifyResult:
    """``receipts``: (the file's name, the checkpoint it holds)."""
    if not keys and audit_store.checkpoints(ctx.session):
        raise KeyNeeded(
            N_("the trail has signed checkpoints: a verify key is needed to check them")
        )
    return audit_store.verify_stored(ctx.session, list(keys), receipts)
