"""The identities of protected persons (victims, witnesses): the pseudonym to everyone
who may see the record, the identity only on request, for a stated purpose, to those
the vault's rules allow (the owner's case workers; another organisation's users only
for a purpose the person consented to, for that organisation).

Revealing is a deliberate act, never a side effect of opening a page: each request
is in the audit trail as "reveal_identity" when shown and "read" when refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from amanat.access.identity_vault import Identity, ProtectedIdentity, may_reveal, reveal
from amanat.access.sharing import NotFound, visible_record
from amanat.access.visibility import visible
from amanat.actions.door import Audited, Context, Scope, action
from amanat.language.i18n import N_
from amanat.register import Person
from amanat.vocab import vocabulary


@dataclass(frozen=True)
class Shown:
    person_id: int
    pseudonym: str
    purpose: str
    identity: Identity | None  # None: the caller may see the pseudonym only


@dataclass(frozen=True)
class Protection:
    person_id: int
    pseudonym: str
    # The purposes for which the caller would be shown the identity.
    purposes: list[str] = field(default_factory=list)


def _person_of(ctx: Context, kind: str, record_id: int) -> int:
    if kind == "person":
        return record_id
    victim = visible_record(ctx.session, ctx.viewer, "victim", record_id)
    if victim.person_id is None:
        raise NotFound(N_("victim %(record_id)s has no person"), record_id=record_id)
    return int(victim.person_id)


@action(
    "person.identity",
    "Ask for a protected person's identity (of a person, or of a victim's person) for "
    "a stated purpose: shown if the vault's rules allow, else the pseudonym only",
    scope=Scope.visible_records,
    read_only=True,
    audit=("reveal_identity", "read"),
    audited=Audited.reads,
)
def reveal_identity(ctx: Context, kind: str, record_id: int, purpose: str) -> Shown:
    """``kind``: "person" or "victim".  The vault writes the entry: "reveal_identity"
    when it shows the identity, "read" when it shows the pseudonym only."""
    if kind not in ("person", "victim"):
        raise NotFound(N_("%(kind)s %(record_id)s not found"), kind=kind, record_id=record_id)
    person_id = _person_of(ctx, kind, record_id)
    found = reveal(ctx.session, ctx.master_key, ctx.viewer, person_id, purpose)
    return Shown(person_id, found.pseudonym, purpose, found.identity)


@action(
    "person.protection",
    "Whether a visible person is protected, its pseudonym, and the purposes for which "
    "the caller would be shown the identity",
    scope=Scope.visible_records,
    read_only=True,
    unaudited_because="it shows only the pseudonym, which the record's readers see anyway",
)
def protection(ctx: Context, person_id: int) -> Protection | None:
    """For a person linked to a record the caller read (a victim's person may be
    marked more narrowly than the victim: its pseudonym is shown all the same)."""
    viewer = ctx.viewer
    pseudonym = ctx.session.scalar(
        select(ProtectedIdentity.pseudonym).where(ProtectedIdentity.person_id == person_id)
    )
    if pseudonym is None:
        return None
    person = ctx.session.scalar(
        select(Person).where(Person.id == person_id, visible(Person, viewer))
    )
    purposes = (
        []
        if person is None
        else [
            p
            for p in vocabulary("consent_purpose").codes()
            if may_reveal(ctx.session, viewer, person, p)
        ]
    )
    return Protection(person_id, pseudonym, purposes)
