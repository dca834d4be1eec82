"""Person records as linkage reads them: one row per record, with what identifies it.

Only what the register holds in plaintext is read.  Protected persons (victims and
witnesses) are left out: their names, dates of birth and documents are sealed in the
identity vault, and linking them on plaintext would need the plaintext (see
docs/resolution.md).  Deleted records are left out too.  Given a viewer, only the records
the viewer may see are read, through the same SQL rule as every other read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Executable, Select, and_, select, true
from sqlalchemy.orm import Session

from amanat.access.visibility import Viewer, visible
from amanat.register import Citizenship, IdentityDocument, Person, PersonName, PersonPhone

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
    people = select(
        Person.id,
        Person.sex,
        Person.birth_year,
        Person.birth_month,
        Person.birth_day,
        Person.org_id,
    ).where(rule)
    for pid, sex, year, month, day, org_id in _rows(session, people.order_by(Person.id)):
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
        )
