"""Person records as linkage reads them: one row per record, with what identifies it.

Only what the register holds in plaintext is read.  Protected persons (victims and
witnesses) are left out: their names, dates of birth and documents are sealed in the
identity vault, and linking them on plaintext would need the plaintext (see
docs/resolution.md).  Deleted records are left out too.  Given a viewer, only the records
the viewer may see are read, through the same SQL rule as every other read.

Besides what identifies a person, a record carries its context: the cases it has a role
in (with how many people each case holds), the towns it ties the person to (residence,
place of birth), the groups it is a member of and the persons it is related to.  Two
records with close names in one small case are rarely two people; nor are two whose
associates are one person (see ``associates``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Executable, Select, and_, distinct, func, select, true
from sqlalchemy.orm import Session

from amanat.access.visibility import Viewer, visible
from amanat.register import (
    CaseRole,
    Citizenship,
    IdentityDocument,
    Organisation,
    Person,
    PersonAddress,
    PersonName,
    PersonPhone,
    Relationship,
)

# Names that say who a person is; a nickname ("Бек", "Шрам") says how others call them.
IDENTIFYING_NAME_KINDS = ("primary", "alias", "maiden", "previous")
BATCH = 50_000


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person record: the first identifying name, partial birth date and identifiers."""

    id: int
    name: str
    sex: str | None = None
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    citizenships: tuple[str, ...] = ()
    documents: tuple[tuple[str, str], ...] = ()  # (document type, number as written)
    phones: tuple[str, ...] = ()
    org_id: int | None = None
    cases: tuple[tuple[int, int], ...] = ()  # (case id, people with a role in the case)
    places: tuple[int, ...] = ()  # towns of residence and of birth
    groups: tuple[int, ...] = ()  # criminal groups it is a member of, leads or works for
    related: tuple[int, ...] = ()  # persons it has a relationship with (family, associate)
    # Where its phone numbers were written: the recording organisation's country, in which
    # a number written without its country code is read (``amanat.names.phones``).
    written_in: str | None = None


def linkable(viewer: Viewer | None = None) -> ColumnElement[bool]:
    """Person rows linkage may read: not protected, not deleted, visible to ``viewer``."""
    rule = and_(Person.is_protected.is_(False), Person.deleted_at.is_(None))
    return and_(rule, visible(Person, viewer) if viewer is not None else true())


def _rows(session: Session, query: Executable) -> Iterator[Any]:
    # Core rows, not ORM results: a million rows a table, read once.  The option is the
    # statement's: set on the connection it would stay, and make the session's later
    # writes server-side cursors (which PostgreSQL refuses for an INSERT).
    result = session.connection().execute(query, execution_options={"yield_per": BATCH})
    for partition in result.partitions():
        yield from partition


def _children(session: Session, query: Executable) -> dict[int, list[Any]]:
    """Values of a child table per person: one column as itself, several as a tuple."""
    found: dict[int, list[Any]] = defaultdict(list)
    for person_id, *values in _rows(session, query):
        if all(values):
            found[person_id].append(values[0] if len(values) == 1 else tuple(values))
    return found


def _names(session: Session, owners: ColumnElement[bool] | None) -> dict[int, str]:
    """The primary name of each person, else the first other identifying name."""
    query = select(PersonName.person_id, PersonName.id, PersonName.kind, PersonName.full_name)
    query = query.where(PersonName.kind.in_(IDENTIFYING_NAME_KINDS))
    if owners is not None:
        query = query.where(owners)
    best: dict[int, tuple[bool, int, str]] = {}
    for person_id, name_id, kind, full_name in _rows(session, query):
        rank = (kind != "primary", name_id, full_name or "")
        if person_id not in best or rank < best[person_id]:
            best[person_id] = rank
    return {person_id: rank[2] for person_id, rank in best.items()}


def _case_sizes(
    session: Session, viewer: Viewer | None, owners: ColumnElement[bool] | None
) -> dict[int, int]:
    """People with a role in each case the records read have a role in.

    Victims and witnesses count (a case of three suspects and forty victims is a large
    case), though their records are never read: only the number leaves the database.
    """
    rule = and_(CaseRole.deleted_at.is_(None), visible(CaseRole, viewer) if viewer else true())
    query = select(CaseRole.case_id, func.count(distinct(CaseRole.person_id))).where(rule)
    if owners is not None:
        query = query.where(CaseRole.case_id.in_(select(CaseRole.case_id).where(owners)))
    return dict(_rows(session, query.group_by(CaseRole.case_id)))


def read_people(
    session: Session,
    viewer: Viewer | None = None,
    *,
    only_ids: Iterable[int] | Select[int] | None = None,
    after_id: int | None = None,
) -> Iterator[PersonRecord]:
    """The linkable person records, in id order (``after_id``: only newer ones)."""
    rule = linkable(viewer)
    narrowed = viewer is not None or only_ids is not None or after_id is not None
    if after_id is not None:
        rule = and_(rule, Person.id > after_id)
    if isinstance(only_ids, Select):
        rule = and_(rule, Person.id.in_(only_ids))
    elif only_ids is not None:
        rule = and_(rule, Person.id.in_(list(only_ids)))
    ids = select(Person.id).where(rule)

    def owned(column: Any) -> ColumnElement[bool] | None:
        # Reading a whole child table is faster than filtering it by a subquery; the
        # rows of persons not read are simply never looked up.
        return column.in_(ids) if narrowed else None

    def read(query: Select[*tuple[Any, ...]]) -> dict[int, list[Any]]:
        owners = owned(query.selected_columns[0])
        return _children(session, query if owners is None else query.where(owners))

    names = _names(session, owned(PersonName.person_id))
    citizenships = read(select(Citizenship.person_id, Citizenship.country))
    documents = read(
        select(IdentityDocument.person_id, IdentityDocument.doc_type, IdentityDocument.number)
    )
    phones = read(select(PersonPhone.person_id, PersonPhone.number))
    places = read(select(PersonAddress.person_id, PersonAddress.place_id))
    role_rule = and_(CaseRole.deleted_at.is_(None), visible(CaseRole, viewer) if viewer else true())
    roles = read(select(CaseRole.person_id, CaseRole.case_id).where(role_rule))
    sizes = _case_sizes(session, viewer, owned(CaseRole.person_id))
    ties = and_(
        Relationship.deleted_at.is_(None), visible(Relationship, viewer) if viewer else true()
    )
    groups = read(
        select(Relationship.from_person_id, Relationship.to_group_id).where(
            ties, Relationship.to_group_id.is_not(None)
        )
    )
    related = read(
        select(Relationship.from_person_id, Relationship.to_person_id).where(
            ties, Relationship.to_person_id.is_not(None)
        )
    )
    for person, others in read(
        select(Relationship.to_person_id, Relationship.from_person_id).where(
            ties, Relationship.from_person_id.is_not(None)
        )
    ).items():
        related.setdefault(person, []).extend(others)
    people = select(
        Person.id,
        Person.sex,
        Person.birth_year,
        Person.birth_month,
        Person.birth_day,
        Person.org_id,
        Person.birth_place_id,
    ).where(rule)
    countries = {
        org: country
        for org, country in session.execute(select(Organisation.id, Organisation.country))
    }
    for pid, sex, year, month, day, org_id, born in _rows(session, people.order_by(Person.id)):
        towns = set(places.get(pid, ()))
        if born is not None:
            towns.add(born)
        yield PersonRecord(
            pid,
            names.get(pid, ""),
            sex,
            year,
            month,
            day,
            tuple(sorted(set(citizenships.get(pid, ())))),
            tuple(documents.get(pid, ())),
            tuple(phones.get(pid, ())),
            org_id,
            tuple((case, sizes.get(case, 1)) for case in sorted(set(roles.get(pid, ())))),
            tuple(sorted(towns)),
            tuple(sorted(set(groups.get(pid, ())))),
            tuple(sorted(set(related.get(pid, ())))),
            countries.get(org_id),
        )
