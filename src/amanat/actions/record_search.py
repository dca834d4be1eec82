"""Finding records other than people: the newest of a kind (a start page, a form's
choice of case), and cases, groups, places, weapons, vehicles and phones by what they
are called or the number they carry: a case number in any case, a group's name in any
script ("Vostok" finds ОПГ «Восток»), a plate in either script or a VIN, a phone number
however it is written (compared in E.164, ``amanat.names.phones``).

People are found by name, phone or document number through ``person.search_grouped``.
Every record shown is a read, audited like any list (``access.reads.read_many``), with
the purpose given.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select

from amanat.access.reads import read_many
from amanat.access.roles import Permission
from amanat.access.visibility import visible
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.people.identifiers import TAIL, digits_of, phone_of
from amanat.actions.records.kinds import record_model
from amanat.language.i18n import N_
from amanat.names import transliterate
from amanat.names.cyrillic import to_cyrillic
from amanat.register import Case, CriminalGroup, Organisation, Phone, Place, Vehicle, Weapon
from amanat.resolve.identifiers import number_key, plate_key, vin_key

MAX_RECENT = 200
SEARCH_LIMIT = 20
MAX_QUERY = 300
MAX_PURPOSE = 500
SEARCHED = ("case", "group", "place", "weapon")


@action(
    "record.recent",
    "The newest records of one kind the caller may see (a start page, a form's choices)",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def recent(ctx: Context, kind: str, limit: int = 20, purpose: str | None = None) -> list[Any]:
    model = record_model(kind)
    if not 1 <= limit <= MAX_RECENT:
        raise FieldProblem(
            ("query", "limit"),
            N_("must be between 1 and %(most)s"),
            limit,
            most=MAX_RECENT,
        )
    query = select(model).where(visible(model, ctx.viewer)).order_by(model.id.desc()).limit(limit)
    rows = list(ctx.session.scalars(query))
    read_many(ctx.session, ctx.viewer, rows, purpose)
    return rows


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _in_any_script(text: str) -> set[str]:
    """The text as typed, in Cyrillic and in Latin letters ("Vostok" finds «Восток»),
    each also capitalised: SQLite compares only ASCII letters without regard to case."""
    spellings = {text, to_cyrillic(text), transliterate(text)}
    return spellings | {s.capitalize() for s in spellings} | {s.lower() for s in spellings}


def _condition(kind: str, text: str) -> ColumnElement[bool]:
    like = _like(text)
    if kind == "case":
        number = or_(Case.case_number == text, func.upper(Case.case_number) == text.upper())
        return or_(number, Case.title.ilike(like, escape="\\"))
    if kind == "group":
        return or_(
            *(
                column.ilike(_like(spelling), escape="\\")
                for spelling in _in_any_script(text)
                for column in (CriminalGroup.name, CriminalGroup.alias)
            )
        )
    if kind == "place":
        return or_(Place.name.ilike(like, escape="\\"), Place.name_ru.ilike(like, escape="\\"))
    return Weapon.serial_number == text


def _digit_run(text: str) -> str:
    return max(re.findall(r"\d+", text), key=len, default="")


def _vehicles(ctx: Context, text: str) -> list[Any]:
    """By VIN, or by plate in either script (the plate key, whatever the country)."""
    vin, plate = vin_key(text), plate_key(text, None)
    run = _digit_run(text)
    if vin is None and (plate is None or not run):
        return []
    narrow = [func.upper(Vehicle.vin) == vin] if vin else []
    if plate is not None and run:
        narrow.append(Vehicle.plate.like(f"%{run}%"))
    query = select(Vehicle).where(or_(*narrow), visible(Vehicle, ctx.viewer)).order_by(Vehicle.id)
    return [
        v
        for v in ctx.session.scalars(query)
        if (vin and vin_key(v.vin) == vin) or (plate and plate_key(v.plate, None) == plate)
    ][:SEARCH_LIMIT]


def _phones(ctx: Context, text: str, country: str | None) -> list[Any]:
    """Phones (the records) whose number is the one ``text`` means, however written."""
    key = phone_of(text, country)
    if key is None:
        return []
    query = (
        select(Phone, Organisation.country)
        .join(Organisation, Organisation.id == Phone.org_id)
        .where(digits_of(Phone.number).like(f"%{key[-TAIL:]}"), visible(Phone, ctx.viewer))
        .order_by(Phone.id)
    )
    return [
        phone
        for phone, written_in in ctx.session.execute(query)
        if number_key(phone.number, phone.country, written_in) == key
    ][:SEARCH_LIMIT]


def _checked(query: str, purpose: str) -> tuple[str, str]:
    text = query.strip() if isinstance(query, str) else ""
    why = purpose.strip() if isinstance(purpose, str) else ""
    if not text or len(text) > MAX_QUERY or "\x00" in text:
        raise FieldProblem(
            ("body", "q"), N_("give 1 to %(length)s characters"), query, length=MAX_QUERY
        )
    if not why or len(why) > MAX_PURPOSE or "\x00" in why:
        raise FieldProblem(
            ("body", "purpose"), N_("say why you search (kept in the audit trail)"), None
        )
    return text, why


@action(
    "record.search",
    "Find cases (by number or title), groups (by name in any script), places (by name), "
    "weapons (by serial number), vehicles (by plate or VIN) and phones (by number) the "
    "caller may see, for a stated purpose",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def search(ctx: Context, query: str, purpose: str) -> dict[str, list[Any]]:
    """The first ``SEARCH_LIMIT`` matches of each kind; each one found is audited with
    the purpose (the query itself is not kept: it may be a name)."""
    text, why = _checked(query, purpose)
    found: dict[str, list[Any]] = {}
    for kind in SEARCHED:
        model = record_model(kind)
        condition = _condition(kind, text)
        rows = ctx.session.scalars(
            select(model)
            .where(condition, visible(model, ctx.viewer))
            .order_by(model.id)
            .limit(SEARCH_LIMIT)
        )
        found[kind] = list(rows)
    if any(c.isdigit() for c in text):  # no plate, VIN or phone number is without digits
        country = ctx.session.scalar(
            select(Organisation.country).where(Organisation.id == ctx.viewer.org_id)
        )
        found["vehicle"] = _vehicles(ctx, text)
        found["phone"] = _phones(ctx, text, country)
    read_many(ctx.session, ctx.viewer, [r for rows in found.values() for r in rows], why)
    return found
