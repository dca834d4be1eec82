"""Groups, vehicles and phones: one thing when they carry the same identifier.

People need probabilistic linkage: names are shared and spelt many ways, dates are
missing.  The things around them mostly carry an identifier that is unique where it is
given — a phone's number and IMEI, a vehicle's VIN or its plate within a country, a
company's registration number (BIN, INN) — so these are linked deterministically: two
records with the same normalised identifier are merged automatically, the identifier
named as the reason.  Everything the person layer has applies to the merges: an
analyst's judgement wins, "different" is a wall, a merge can be undone or split, later
runs respect that, and canonical entities (the networks' nodes) follow.

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

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from amanat.access.visibility import Viewer, visible
from amanat.register import CriminalGroup, Phone, Vehicle
from amanat.register.base import utcnow
from amanat.resolve.canonical import recompute
from amanat.resolve.decisions import known_pairs
from amanat.resolve.features import phone_digits
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


KINDS = (
    IdentifierKind(
        "phone",
        Phone,
        ("number", "imei"),
        (
            ("same phone number", lambda r: phone_digits(r.number) if r.number else None),
            ("same IMEI", lambda r: imei_key(r.imei)),
        ),
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


def link_identifiers(session: Session, viewer: Viewer | None = None) -> dict[str, int]:
    """Merge the records of every kind in ``KINDS`` that share an identifier; returns
    the new merges per kind.  With ``viewer``, only the records that user may see.  The
    caller audits ("resolve_identifiers", ``amanat.actions.resolution.running``)."""
    made: dict[str, int] = {}
    now = utcnow()
    for spec in KINDS:
        model = spec.model
        # Only the identifiers' columns: these tables grow with every seizure and phone.
        query = select(*(getattr(model, c) for c in ("id", *spec.columns)))
        query = query.where(model.deleted_at.is_(None))
        if viewer is not None:
            query = query.where(visible(model, viewer))
        pairs = _pairs(session.execute(query), spec.keys)
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
