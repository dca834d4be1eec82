"""Finding people, one row per person: the records resolution joined into one canonical
entity (``amanat.resolve.canonical``) are shown together, as Aleph shows one entity.

A row holds every record of the person the caller may see: their spellings, the
agencies that recorded them, and the best match's reason and figure.  The figure is one
number: the linkage model's probability when the register has a model, else the name
comparison's score.  Records the caller may not see are not in the row, nor counted:
denied looks like absent.  A query that is a phone number or a document number finds
the people whose records hold it (``amanat.actions.people.identifiers``).

Each record shown, not only the best match, is a disclosure: the search and every
record in its rows are audited in one append, with the purpose given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import BindParameter, Select, bindparam, select, union
from sqlalchemy.orm import aliased

from amanat.access.roles import Permission
from amanat.access.visibility import viewer_params, visible_template
from amanat.actions.door import Context, Scope, action
from amanat.actions.people.identifiers import people_holding
from amanat.actions.people.search import (
    MAX_LIMIT,
    PersonHit,
    audit_found,
    checked_query,
    find_people,
)
from amanat.names.dates import PartialDate
from amanat.register import Person, PersonName
from amanat.resolve.models import EntityMember

KIND = "person"


@dataclass(frozen=True)
class Found:
    """A record a search found, and how well it matched."""

    person_id: int
    match: float  # in [0, 1]: the model's probability, else the name score; 1 for an identifier
    reasons: tuple[str, ...]
    by_model: bool = False  # the figure is the linkage model's probability


@dataclass
class PersonRow:
    """One person as the caller may see them: the best-matching record first."""

    person_id: int  # the record that matched best: the row's link
    match: float
    reasons: tuple[str, ...]  # why the best record matched
    by_model: bool
    names: list[str] = field(default_factory=list)  # every spelling, the best match's first
    org_ids: list[int] = field(default_factory=list)  # the agencies, the best match's first
    records: list[int] = field(default_factory=list)  # the visible records, the best first
    birth_dates: list[str] = field(default_factory=list)
    owners: dict[int, int] = field(default_factory=dict)  # record -> its organisation


def by_name(hit: PersonHit) -> Found:
    if hit.match_probability is None:
        return Found(hit.person_id, hit.score, hit.reasons)
    return Found(hit.person_id, hit.match_probability, hit.reasons, by_model=True)


Member = tuple[int, int, str, int | None, int | None, int | None, int | None]


def _members() -> Select[int, int, str, int | None, int | None, int | None, int | None]:
    """The names and entity of every visible, unprotected record that is a hit or in a
    hit's entity: one statement, one round trip."""
    hits: BindParameter[int] = bindparam("hits", expanding=True)
    hit, other, own = aliased(EntityMember), aliased(EntityMember), aliased(EntityMember)
    linked = (
        select(other.record_id)
        .join(hit, (hit.entity_id == other.entity_id) & (hit.record_kind == KIND))
        .where(other.record_kind == KIND, hit.record_id.in_(hits))
    )
    return (
        select(
            Person.id,
            Person.org_id,
            PersonName.full_name,
            Person.birth_year,
            Person.birth_month,
            Person.birth_day,
            own.entity_id,
        )
        .join(PersonName, PersonName.person_id == Person.id)
        .outerjoin(own, (own.record_id == Person.id) & (own.record_kind == KIND))
        .where(
            # A union, not an OR of the two: PostgreSQL reads an OR of IN lists and a
            # subquery by scanning every person (seconds on a million records).
            Person.id.in_(union(select(Person.id).where(Person.id.in_(hits)), linked)),
            Person.is_protected.is_(False),
            visible_template(Person, True),  # only roles that read records search
        )
        .order_by(Person.id, PersonName.id)
    )


# Built once, run with bound parameters: building it costs more than running it.
MEMBERS = _members()


def _add(row: PersonRow, member: Member) -> None:
    person_id, org_id, full_name, year, month, day, _ = member
    row.owners[person_id] = org_id
    if person_id not in row.records:
        row.records.append(person_id)
    if full_name not in row.names:
        row.names.append(full_name)
    if org_id not in row.org_ids:
        row.org_ids.append(org_id)
    born = str(PartialDate(year, month, day)) if year else None
    if born is not None and born not in row.birth_dates:
        row.birth_dates.append(born)


def group_hits(ctx: Context, hits: list[Found], limit: int) -> list[PersonRow]:
    """The hits (best first) as rows of people, at most ``limit``, each with every
    record of its entity the caller may see."""
    best: dict[int, Found] = {}
    for hit in hits:
        best.setdefault(hit.person_id, hit)
    if not best or not ctx.viewer.reads_records:
        return []
    given = {"hits": list(best), **viewer_params(ctx.viewer)}
    found: list[Member] = list(ctx.session.execute(MEMBERS, given))
    group_of = {m[0]: m[0] if m[6] is None else m[6] for m in found}  # unlinked: its own
    rows: dict[int, PersonRow] = {}
    for record, hit in best.items():
        group = group_of.get(record)
        if group is not None and group not in rows and len(rows) < limit:
            rows[group] = PersonRow(record, hit.match, hit.reasons, hit.by_model)
    # The best match's record first, then the other hits, then the records found through
    # their entity only.
    rank = {record: index for index, record in enumerate(best)}
    for member in sorted(found, key=lambda m: (rank.get(m[0], len(rank)), m[0])):
        row = rows.get(group_of[member[0]])
        if row is not None:
            _add(row, member)
    return list(rows.values())


@action(
    "person.search_grouped",
    "Find people by name in any script, or by a phone or document number, one row per "
    "person: every record of the person the caller may see; protected persons are never "
    "found",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit=("search", "search_hit"),
)
def search_grouped(
    ctx: Context, query: str, purpose: str, limit: int = 20, born: str | None = None
) -> list[PersonRow]:
    text, why, when = checked_query(query, purpose, limit, born)
    # A number a record holds is the answer; only a query that is no number is a name.
    held = [Found(person_id, 1.0, (reason,)) for person_id, reason in people_holding(ctx, text)]
    named = [] if held else [by_name(hit) for hit in find_people(ctx, text, MAX_LIMIT, when)]
    rows = group_hits(ctx, [*held, *named], limit)
    audit_found(ctx, why, {record: org for row in rows for record, org in row.owners.items()})
    return rows
