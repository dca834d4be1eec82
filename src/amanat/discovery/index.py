"""The stored encodings of discoverable records, written by their owner's register.

``refresh`` rebuilds the encodings of some persons (dropping those no longer
discoverable, deleted or of another key); ``refresh_all`` rebuilds every one (after
the upgrade, a rotated master key or a changed name key).  A protected person's
identity is opened in memory only (``identity_vault.open_identity``), never written
or logged.  What the table holds: per record, a key fingerprint, the kind of each
encoding and its bytes; never a name, a date or a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, selectinload

from amanat.access.identity_vault import ProtectedIdentity, open_identity
from amanat.access.vault import MasterKey
from amanat.access.vault.keys import derive_subkey
from amanat.discovery import encoding
from amanat.discovery.encoding import Keys
from amanat.discovery.models import DiscoveryEncoding
from amanat.discovery.setting import NOT_FOUND, effective_settings
from amanat.names.phones import phone_key
from amanat.register import CaseRole, Organisation, Person, Victim

# Within one register the agreement is the register itself; a federation's agreements
# will each have their own secret.
REGISTER_AGREEMENT = "register"
BATCH = 500


def register_keys(master: MasterKey) -> Keys:
    """The register's discovery keys: its own secret from the master key (HKDF), then
    one key per use (``encoding.derive_keys``); a rotated master key changes them."""
    return encoding.derive_keys(derive_subkey(master, "discovery/v1"), REGISTER_AGREEMENT)


@dataclass
class Subject:
    """What is encoded of one person: a record's identity, or a query."""

    names: list[str] = field(default_factory=list)
    year: int | None = None
    month: int | None = None
    day: int | None = None
    # (type, issuing country, number as written)
    documents: list[tuple[str, str | None, str]] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)  # E.164


def encode(keys: Keys, subject: Subject, year: int | None = None) -> list[tuple[str, bytes]]:
    """The (kind, bytes) encodings of a subject; ``year`` overrides the salt (a query
    tried for a neighbouring year)."""
    found: list[tuple[str, bytes]] = []
    salt = subject.year if year is None else year
    clk = encoding.name_filter(keys, subject.names, salt)
    if clk is not None:
        found.append(("name" if salt is not None else "name_unsalted", clk))
    for doc_type, country, number in subject.documents:
        mac = encoding.document_mac(keys, doc_type, country, number)
        if mac is not None:
            found.append(("document", mac))
    found.extend(("phone", encoding.phone_mac(keys, phone)) for phone in subject.phones)
    if subject.year and subject.month and subject.day and year is None:
        # Salted with the whole date as well: namesakes born in one year are common in a
        # large register, on one day rare, so only this filter may reach "certain".
        dated = f"{subject.year:04d}-{subject.month:02d}-{subject.day:02d}"
        clk = encoding.name_filter(keys, subject.names, dated)
        if clk is not None:
            found.append(("name_dated", clk))
        for name in subject.names:
            mac = encoding.birth_name_mac(keys, name, subject.year, subject.month, subject.day)
            if mac is not None:
                found.append(("birth_name", mac))
    return sorted(set(found))


def _plain(person: Person, country: str | None) -> Subject:
    held = (country,) if country else ()
    phones = [phone_key(p.number, (), held) for p in person.phones]
    return Subject(
        names=[n.full_name for n in person.names],
        year=person.birth_year,
        month=person.birth_month,
        day=person.birth_day,
        documents=[(d.doc_type, d.issuing_country, d.number) for d in person.documents],
        phones=sorted({p for p in phones if p}),
    )


def _sealed(session: Session, master: MasterKey, person: Person, country: str | None) -> Subject:
    protected = session.get(ProtectedIdentity, person.id)
    if protected is None:
        return Subject()
    identity = open_identity(session, master, protected, person.org_id)
    held = (country,) if country else ()
    phones = {phone_key(str(p), (), held) for p in identity.phones}
    return Subject(
        names=[str(n["full_name"]) for n in identity.names if n.get("full_name")],
        year=identity.birth_year,
        month=identity.birth_month,
        day=identity.birth_day,
        documents=[
            (str(d.get("doc_type")), d.get("issuing_country"), str(d.get("number")))
            for d in identity.documents
            if d.get("number")
        ],
        phones=sorted(p for p in phones if p),
    )


def refresh(session: Session, master: MasterKey, person_ids: Iterable[int]) -> int:
    """Rebuild the encodings of ``person_ids``; return how many are discoverable."""
    wanted = sorted(set(person_ids))
    if not wanted:
        return 0
    keys = register_keys(master)
    session.execute(delete(DiscoveryEncoding).where(DiscoveryEncoding.person_id.in_(wanted)))
    settings = effective_settings(session, wanted)
    found = [p for p in wanted if settings[p] != NOT_FOUND]
    people = session.scalars(
        select(Person)
        .where(Person.id.in_(found), Person.deleted_at.is_(None))
        .options(selectinload(Person.names), selectinload(Person.documents))
        .options(selectinload(Person.phones))
    ).all()
    countries = {o: c for o, c in session.execute(select(Organisation.id, Organisation.country))}
    rows: list[dict[str, object]] = []
    for person in people:
        country = countries.get(person.org_id)
        subject = (
            _sealed(session, master, person, country)
            if person.is_protected
            else _plain(person, country)
        )
        rows.extend(
            {
                "person_id": person.id,
                "org_id": person.org_id,
                "key_id": keys.key_id,
                "kind": kind,
                "value": value,
            }
            for kind, value in encode(keys, subject)
        )
    if rows:
        session.execute(insert(DiscoveryEncoding), rows)
    return len(people)


def refresh_all(session: Session, master: MasterKey) -> tuple[int, int]:
    """Rebuild every encoding; return (persons looked at, persons discoverable)."""
    session.execute(delete(DiscoveryEncoding))
    seen = indexed = 0
    after = 0
    while True:
        ids: Sequence[int] = session.scalars(
            select(Person.id)
            .where(Person.id > after, Person.deleted_at.is_(None))
            .order_by(Person.id)
            .limit(BATCH)
        ).all()
        if not ids:
            return seen, indexed
        indexed += refresh(session, master, ids)
        seen += len(ids)
        after = ids[-1]


# The kinds of record whose writing changes a person's encodings or setting.
PERSON_OF = {"person": Person.id, "case_role": CaseRole.person_id, "victim": Victim.person_id}


def refresh_written(
    session: Session, master: MasterKey | None, written: Iterable[tuple[str, int]]
) -> None:
    """Refresh the encodings of the persons that records just written (kind, id) are
    about: a person's names, her role in a case, a victim's consent.  Without the
    master key nothing is encoded; ``amanat discovery index`` catches up."""
    if master is None:
        return
    by_kind: dict[str, list[int]] = {}
    for kind, record_id in written:
        if kind in PERSON_OF:
            by_kind.setdefault(kind, []).append(record_id)
    persons: set[int] = set()
    for kind, ids in by_kind.items():
        column = PERSON_OF[kind]
        table = column.class_
        found = session.scalars(select(column).where(table.id.in_(ids)))
        persons |= {p for p in found if p is not None}
    refresh(session, master, persons)
