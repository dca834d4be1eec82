"""A record as its page shows it, and a record read to be changed.

``record.view`` reads the record once (audited) and what it is linked to, each link
filtered by its own marking: reading the record and then its links separately would
put two "read" entries in the trail for one look.  ``record.for_change`` is what an
edit or delete form shows: only the originating organisation's own records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from amanat.access.reads import read_record
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.named import BIGGEST_ID, pseudonyms_of
from amanat.actions.records.changes import OriginatorOnly
from amanat.actions.records.kinds import children, record_model
from amanat.actions.records.links import links_from
from amanat.language.i18n import N_
from amanat.register import Victim


@dataclass(frozen=True)
class RecordView:
    record: Any
    # Link name -> the linked records the caller may see (``records.links_of``).
    links: dict[str, list[Any]]
    # person id -> pseudonym: of the record's own protected person, and of the persons
    # of the victims it is, or is linked to.
    pseudonyms: dict[int, str]


def _read(ctx: Context, kind: str, record_id: int, purpose: str | None) -> Any:
    model = record_model(kind)
    if not 0 < record_id <= BIGGEST_ID:
        raise NotFound(N_("%(kind)s %(record_id)s not found"), kind=kind, record_id=record_id)
    return read_record(
        ctx.session, ctx.viewer, kind, record_id, purpose, children=tuple(children(model))
    )


@action(
    "record.view",
    "Read one record with its child lists and what it is linked to, each linked record "
    "filtered by its own marking (a record's page)",
    scope=Scope.visible_records,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def view(ctx: Context, kind: str, record_id: int, purpose: str | None = None) -> RecordView:
    record = _read(ctx, kind, record_id, purpose)
    links = links_from(ctx.session, ctx.viewer, kind, record)
    persons = [v.person_id for rows in links.values() for v in rows if isinstance(v, Victim)]
    if kind == "person" and record.is_protected:
        persons.append(record.id)
    if kind == "victim":
        persons.append(record.person_id)
    return RecordView(record, links, pseudonyms_of(ctx.session, persons))


@action(
    "record.for_change",
    "Read a record of one's own organisation to change or delete it (its forms); "
    "another organisation's record is changed only by its originator",
    scope=Scope.own_organisation,
    permission=Permission.update,
    audit="read",
    audited=Audited.reads,
)
def for_change(ctx: Context, kind: str, record_id: int) -> Any:
    record = _read(ctx, kind, record_id, "edit")
    if record.org_id != ctx.viewer.org_id:
        raise OriginatorOnly(kind, record_id, N_("changes"))
    return record
