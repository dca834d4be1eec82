"""People found by what their records hold: a phone number or an identity document.

A phone number is compared as the one phone it means (``amanat.names.phones``): "+7 701
234 56 78", "8 (701) 234-56-78" and "77012345678" find the same records, however each
record wrote it.  A number typed without its country code is read in the country of the
searcher's organisation, else in the one country of the region where it is valid.  A
document number is compared in its normal form (``normalise_document_number``): "аа
123-45-67" finds "AA1234567".

Stored numbers are as typed, so the database narrows by the digits a number ends in, its
separators taken out, and the comparison is made here.  A query with no digits
is neither, and costs nothing.  Protected persons are never found; records the caller
may not see are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, func, select

from amanat.access.visibility import visible
from amanat.actions.door import Context
from amanat.analyze.geo.natural_earth import REGION
from amanat.names.documents import normalise_document_number
from amanat.names.phones import phone_key
from amanat.register import IdentityDocument, Organisation, Person, PersonPhone

PHONE_LIKE = re.compile(r"\+?[\d\s().-]{5,40}")
SEPARATORS = (" ", "-", "(", ")", ".", "+")
TAIL = 7  # digits a phone number ends in, however it is written: the database's filter
MIN_DIGITS = 4  # the fewest digits a document number must end in to be narrowed by them


def digits_of(column: Any) -> ColumnElement[str]:
    """The column without the separators people type in a phone number."""
    for separator in SEPARATORS:
        column = func.replace(column, separator, "")
    digits: ColumnElement[str] = column
    return digits


def phone_of(text: str, country: str | None) -> str | None:
    """The phone ``text`` means (E.164): read where the searcher is, else in the one
    country of the region where it is valid; None when it is no phone number."""
    return phone_key(text, (country,), REGION) if PHONE_LIKE.fullmatch(text) else None


def _visible_people(ctx: Context) -> ColumnElement[bool]:
    return Person.is_protected.is_(False) & visible(Person, ctx.viewer)


def _by_phone(ctx: Context, key: str) -> list[tuple[int, str]]:
    tail = key[-TAIL:]
    query = (
        select(PersonPhone.person_id, PersonPhone.number, Organisation.country)
        .join(Person, Person.id == PersonPhone.person_id)
        .join(Organisation, Organisation.id == Person.org_id)
        .where(digits_of(PersonPhone.number).like(f"%{tail}"), _visible_people(ctx))
        .order_by(PersonPhone.person_id)
    )
    return [
        (person_id, "same phone number")
        for person_id, number, country in ctx.session.execute(query)
        if phone_key(number, (country,)) == key
    ]


def _by_document(ctx: Context, text: str, number: str) -> list[tuple[int, str]]:
    # A number as stored may hold spaces or dashes anywhere ("AB 12 34 567"): narrowed by
    # the digits it ends in once they are taken out, then compared in its normal form.
    ending = re.search(r"\d+$", number)
    close: ColumnElement[bool] = IdentityDocument.number.in_({text, number})
    if ending is not None and len(ending.group()) >= MIN_DIGITS:
        tail = ending.group()[-TAIL:]
        close = close | digits_of(IdentityDocument.number).like(f"%{tail}")
    query = (
        select(IdentityDocument.person_id, IdentityDocument.number)
        .join(Person, Person.id == IdentityDocument.person_id)
        .where(close, _visible_people(ctx))
        .order_by(IdentityDocument.person_id)
    )
    return [
        (person_id, "same document number")
        for person_id, written in ctx.session.execute(query)
        if normalise_document_number(written) == number
    ]


def _unique(found: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    first: dict[int, str] = {}
    for person_id, reason in found:
        first.setdefault(person_id, reason)
    return list(first.items())


def people_holding(ctx: Context, text: str) -> list[tuple[int, str]]:
    """(person id, reason) of the visible people whose records hold the phone or document
    number ``text`` means, in record order; none when ``text`` is neither."""
    if not any(c.isdigit() for c in text) or not ctx.viewer.reads_records:
        return []
    country = ctx.session.scalar(
        select(Organisation.country).where(Organisation.id == ctx.viewer.org_id)
    )
    found: list[tuple[int, str]] = []
    phone = phone_of(text, country)
    if phone is not None:
        found += _by_phone(ctx, phone)
    number = normalise_document_number(text)
    if number is not None:
        found += _by_document(ctx, text, number)
    return _unique(found)
