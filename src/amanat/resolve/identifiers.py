"""Groups, vehicles and phones: one thing when they carry the same identifier.

People need probabilistic linkage: names are shared and spelt many ways, dates are
missing.  The things around them mostly carry an identifier that is unique where it is
given — a phone's number and IMEI, a vehicle's VIN or its plate within a country, a
company's registration number (BIN, INN) — so these are linked deterministically: two
records with the same normalised identifier are merged automatically, the identifier
named as the reason.  Everything the person layer has applies to the merges: an
analyst's judgement wins, "different" is a wall, a merge can be undone or split, later
runs respect that, and canonical entities (the networks' nodes) follow.

A phone number is read as the one phone it means (``amanat.names.phones``): in E.164
form, a number written without its country code read in the country given with the phone,
else in the recording organisation's.  A number valid in no country links nothing.

A merge stands only while its records still share an identifier: every run first
reopens the automatic merges whose records share none any more (a number corrected
since, or a comparison that changed — phones were compared on their last nine digits
before revision 0020, which reopened the merges that rested on that; ``reopen_stale``).

A group's *name* is deliberately not an identifier: "Памир" or "Northern brothers" name
many groups; two records of a group without a registration number are for an analyst
to judge.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.orm import Session

from amanat.access.visibility import Viewer, visible
from amanat.names.phones import phone_key
from amanat.register import CriminalGroup, Organisation, Phone, Vehicle
from amanat.register.base import utcnow
from amanat.resolve.canonical import recompute
from amanat.resolve.decisions import known_pairs
from amanat.resolve.models import Judgement, JudgementSource, Verdict

MODEL_VERSION = "identifier"  # what made these merges, in place of a linkage model
# Plates in the region use only the Cyrillic letters that look like Latin ones (GOST R
# 50577 and its neighbours), so an officer may type either script for the same plate.
_PLATE_LATIN = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_NOT_DIGIT = re.compile(r"\D+")
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")  # ISO 3779: no I, O or Q
MIN_PLATE = 4
MIN_REGISTRATION = 6
IMEI_BODY = 14  # type allocation code and serial; a 15th digit is only a check digit
BATCH = 5_000  # judgements retired per statement: bound parameters stay few


def _placeholder(text: str) -> bool:
    return len(set(text)) == 1  # 0000000, XXXXXX


def plate_key(plate: str | None, country: str | None) -> str | None:
    """The plate in Latin letters and digits, within its country ("?" when unknown):
    the same plate in two countries is two vehicles."""
    if not plate:
        return None
    text = _NOT_ALNUM.sub("", plate.upper().translate(_PLATE_LATIN))
    if len(text) < MIN_PLATE or _placeholder(text):
        return None
    return f"{country or '?'}:{text}"


def vin_key(vin: str | None) -> str | None:
    text = _NOT_ALNUM.sub("", (vin or "").upper())
    return text if _VIN.fullmatch(text) and not _placeholder(text) else None


def imei_key(imei: str | None) -> str | None:
    digits = _NOT_DIGIT.sub("", imei or "")
    if len(digits) < IMEI_BODY or _placeholder(digits):
        return None
    return digits[:IMEI_BODY]


def number_key(number: str | None, country: str | None, org_country: str | None) -> str | None:
    """A phone's number in E.164 form, read in the phone's country, else in the country
    of the organisation that recorded it; None when it is no valid number."""
    return phone_key(number, (country, org_country)) if number else None


def registration_key(number: str | None, country: str | None) -> str | None:
    text = _NOT_ALNUM.sub("", (number or "").upper())
    if len(text) < MIN_REGISTRATION or _placeholder(text):
        return None
    return f"{country or '?'}:{text}"


Key = Callable[[Any], str | None]


@dataclass(frozen=True)
class IdentifierKind:
    """A kind of record and the identifiers that make two of its records one thing."""

    kind: str
    model: Any
    columns: tuple[str, ...]  # what the keys read, besides the id
    keys: tuple[tuple[str, Key], ...]  # (reason, key of a row)
    # the recording organisation's country, as ``org_country``, when a key reads it
    with_org_country: bool = False


KINDS = (
    IdentifierKind(
        "phone",
        Phone,
        ("number", "country", "imei"),
        (
            ("same phone number", lambda r: number_key(r.number, r.country, r.org_country)),
            ("same IMEI", lambda r: imei_key(r.imei)),
        ),
        with_org_country=True,
    ),
    IdentifierKind(
        "vehicle",
        Vehicle,
        ("vin", "plate", "plate_country"),
        (
            ("same VIN", lambda r: vin_key(r.vin)),
            ("same plate", lambda r: plate_key(r.plate, r.plate_country)),
        ),
    ),
    IdentifierKind(
        "group",
        CriminalGroup,
        ("registration_number", "country"),
        (
            (
                "same registration number",
                lambda r: registration_key(r.registration_number, r.country),
            ),
        ),
    ),
)


def _pairs(rows: Iterable[Any], keys: tuple[tuple[str, Key], ...]) -> dict[tuple[int, int], str]:
    """Pairs of records sharing an identifier, each with the first reason found; every
    record of a key is tied to the key's smallest id (enough for the components)."""
    found: dict[tuple[int, int], str] = {}
    listed = list(rows)
    for reason, key in keys:
        holders: dict[str, list[int]] = defaultdict(list)
        for row in listed:
            value = key(row)
            if value is not None:
                holders[value].append(row.id)
        for ids in holders.values():
            first, *rest = sorted(set(ids))
            for other in rest:
                found.setdefault((first, other), reason)
    return found


def _records(spec: IdentifierKind, viewer: Viewer | None) -> Select[Any]:
    model = spec.model
    # Only the identifiers' columns: these tables grow with every seizure and phone.
    columns = [getattr(model, c) for c in ("id", *spec.columns)]
    if spec.with_org_country:
        country = select(Organisation.country).where(Organisation.id == model.org_id)
        columns.append(country.scalar_subquery().label("org_country"))
    query = select(*columns).where(model.deleted_at.is_(None))
    return query if viewer is None else query.where(visible(model, viewer))


def _tied(a: Any, b: Any, keys: tuple[tuple[str, Key], ...]) -> bool:
    return any(key(a) is not None and key(a) == key(b) for _, key in keys)


def _reopen(session: Session, spec: IdentifierKind, viewer: Viewer | None, why: str) -> int:
    """Retire the automatic merges of ``spec.kind`` in force whose two records (both
    read) share no identifier any more; recompute the entities around them."""
    j = Judgement
    merges = session.execute(
        select(j.id, j.left_id, j.right_id).where(
            j.record_kind == spec.kind,
            j.source == JudgementSource.auto,
            j.model_version == MODEL_VERSION,
            j.verdict == Verdict.same.value,
            j.undone_at.is_(None),
        )
    ).all()
    if not merges:
        return 0
    by_id = {row.id: row for row in session.execute(_records(spec, viewer))}
    stale = [
        (merge_id, left, right)
        for merge_id, left, right in merges
        if left in by_id and right in by_id and not _tied(by_id[left], by_id[right], spec.keys)
    ]
    ids = [merge_id for merge_id, _, _ in stale]
    for start in range(0, len(ids), BATCH):
        # Retired, not undone by anyone (no user): a later run may merge the pair again
        # if its records come to share an identifier; the note says why it was reopened.
        session.execute(
            update(j)
            .where(j.id.in_(ids[start : start + BATCH]))
            .values(undone_at=utcnow(), note=func.coalesce(j.note, "") + f"; reopened: {why}")
        )
    if stale:
        recompute(session, spec.kind, {record for _, *pair in stale for record in pair})
    return len(stale)


def reopen_stale(
    session: Session, viewer: Viewer | None = None, why: str = "no identifier shared any more"
) -> dict[str, int]:
    """Reopen every automatic identifier merge whose records no longer share an
    identifier (of the records ``viewer`` may see, or all); returns how many per kind.
    The caller audits (``amanat.actions.resolution.running``; the migration that changed
    the phone key, ``0020_phone_keys``)."""
    return {spec.kind: _reopen(session, spec, viewer, why) for spec in KINDS}


def link_identifiers(session: Session, viewer: Viewer | None = None) -> dict[str, int]:
    """Merge the records of every kind in ``KINDS`` that share an identifier; returns
    the new merges per kind.  With ``viewer``, only the records that user may see.  The
    caller audits ("resolve_identifiers", ``amanat.actions.resolution.running``) and
    reopens stale merges first (``reopen_stale``)."""
    made: dict[str, int] = {}
    now = utcnow()
    for spec in KINDS:
        pairs = _pairs(session.execute(_records(spec, viewer)), spec.keys)
        known = known_pairs(session, spec.kind, with_pending=True)
        settled = known.judged | known.rejected | known.merged
        new = {pair: reason for pair, reason in sorted(pairs.items()) if pair not in settled}
        if new:
            rows = [
                {"record_kind": spec.kind, "left_id": a, "right_id": b,
                 "verdict": Verdict.same.value, "source": JudgementSource.auto.value,
                 "created_at": now, "score": 1.0, "model_version": MODEL_VERSION,
                 "note": reason}
                for (a, b), reason in new.items()
            ]  # fmt: skip
            session.execute(insert(Judgement), rows)
            recompute(session, spec.kind, {record for pair in new for record in pair})
        made[spec.kind] = len(new)
    return made
