"""A STIX 2.1 bundle of what the user may see, for CERTs and regional security bodies
that take intelligence into MISP or OpenCTI.

- people: ``identity`` of class individual; a protected victim or witness by
  pseudonym only (``exchange.scope`` rules: the identity only when released);
- groups: ``threat-actor``, ``intrusion-set`` or an organisation's ``identity``, by
  the group's kind, with a relationship to the country they are based in;
- places: ``location``; cases: ``report`` whose ``object_refs`` are the people in
  the case and the country of its jurisdiction; relationships: ``relationship``;
- the organisations that recorded them: ``identity`` of class organization, the
  ``created_by_ref`` of what they assert.

Every object carries the official TLP 2.0 marking definition of its record and, for
handling codes H1–H3, a statement marking; the handling code, the record's
distribution inside Amanat (which its TLP bounds but does not say), the Admiralty
grading and the register's own codes travel in Amanat's property extension, and the
credibility also as STIX ``confidence``.  ``exchange/data/stix.yaml`` holds every
mapping and its reasons.  Ids are UUIDv5 of the record, so a re-export updates
what a consumer holds instead of duplicating it; ``created``/``modified`` are the
record's submission and last change.

Objects are written as they are read: the bundle's object list is streamed, never
held.  Vehicles and phones have no STIX domain object, so they and the
relationships to them stay out.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import String, select, type_coerce

from amanat.access.identity_vault import ProtectedIdentity
from amanat.access.visibility import visible
from amanat.exchange.scope import ExportScope, PartsOf, stream
from amanat.exchange.stix_terms import (
    SPEC_VERSION,
    StixObject,
    definitions,
    extension_id,
    markings,
    stix_id,
    stored_time,
    system_id,
    terms,
    tlp_ref,
)
from amanat.names.dates import PartialDate
from amanat.register import (
    Case,
    CaseRole,
    Citizenship,
    CriminalGroup,
    Organisation,
    Person,
    PersonName,
    Place,
    Relationship,
)
from amanat.vocab import vocabulary

# The columns every record's object is built from, after its own; ``OWNER`` is where
# the first of them, the owner organisation, sits in a row.
MARKED = (
    "org_id",
    "tlp",
    "handling",
    "distribution",
    "reliability",
    "credibility",
    "submitted_at",
    "updated_at",
)
OWNER = -len(MARKED)
PROTECTED_NAME = "protected person"


@lru_cache(maxsize=64)
def _markings(tlp: str, handling: str) -> tuple[str, ...]:
    return tuple(markings(tlp, handling))


def _date(value: dt.date | str) -> str:
    return value if isinstance(value, str) else value.isoformat()


def _day(value: dt.date | str, after: int = 0) -> str:
    """A date as a STIX timestamp: the start of that day (UTC), ``after`` days on."""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{(day + dt.timedelta(days=after)).isoformat()}T00:00:00.000Z"


def _grouped(rows: Iterator[Any]) -> PartsOf:
    """Rows ordered by their first column, for a merge join with the records."""
    return PartsOf((key, list(group)) for key, group in groupby(rows, key=itemgetter(0)))


class StixExport:
    """Builds the objects of one export, remembering what was written so that no
    reference points at an object the reader does not have."""

    def __init__(self, scope: ExportScope) -> None:
        self.scope = scope
        self.terms = terms()
        self.organisations: dict[int, str] = {}  # org id → identity id
        self.codes: dict[int, str] = {}  # org id → code
        self.people: set[int] = set()
        self.groups: dict[int, str] = {}  # group id → STIX id
        self.countries: set[str] = set()
        self.extension = extension_id()
        self.case_labels = {t.code: t.label("en") for t in vocabulary("case_type")}
        self.confidence: dict[str, int] = self.terms["confidence"]

    def objects(self) -> Iterator[StixObject]:
        yield from definitions()
        yield from self.organisation_identities()
        yield from self.places()
        yield from self.persons()
        yield from self.criminal_groups()
        yield from self.cases()
        yield from self.relationships()
        yield from self.country_locations()

    def rows(self, model: Any, names: str) -> Iterator[Any]:
        table = model.__table__.columns
        columns = [table[n] for n in (*names.split(), *MARKED[:-2])]
        # The times as the driver gives them (``stored_time`` reads either form).
        times = [type_coerce(table[n], String) for n in MARKED[-2:]]
        query = select(*columns, *times).where(visible(model, self.scope.viewer))
        return stream(self.scope.session, query.order_by(model.id))

    def record(
        self,
        object_type: str,
        key: str,
        row: Any,
        kind: str | None = None,
        own: dict[str, Any] | None = None,
    ) -> StixObject:
        """The properties every object made from a record has: id, provenance,
        markings, confidence, and the extension with ``kind`` and ``own`` (only
        what is known: no empty values)."""
        org, tlp, handling, distribution, reliability, credibility, submitted, updated = row[OWNER:]
        created = stored_time(submitted)
        modified = created if updated == submitted else max(created, stored_time(updated))
        extension: dict[str, Any] = {
            "extension_type": "property-extension",
            "handling": handling,
            "distribution": distribution,
            "source_reliability": reliability,
            "information_credibility": credibility,
        }
        if kind is not None:
            extension["kind"] = kind
        if own:
            extension.update(own)
        found: StixObject = {
            "type": object_type,
            "spec_version": SPEC_VERSION,
            "id": stix_id(object_type, key),
            "created": created,
            "modified": modified,
            "created_by_ref": self.organisations[org],
            "object_marking_refs": _markings(tlp, handling),
            "extensions": {self.extension: extension},
        }
        confidence = self.confidence.get(credibility)
        if confidence is not None:
            found["confidence"] = confidence
        return found

    def organisation_identities(self) -> Iterator[StixObject]:
        sectors = self.terms["sectors"]
        marking = (tlp_ref(self.terms["tlp_of"]["organisation"]),)
        query = select(
            Organisation.id,
            Organisation.code,
            Organisation.name,
            Organisation.kind,
            Organisation.created_at,
        ).order_by(Organisation.id)
        for org_id, code, name, kind, created_at in stream(self.scope.session, query):
            identity = stix_id("identity", f"organisation/{org_id}")
            self.organisations[org_id] = identity
            self.codes[org_id] = code
            created = stored_time(created_at)
            found: StixObject = {
                "type": "identity",
                "spec_version": SPEC_VERSION,
                "id": identity,
                "created": created,
                "modified": created,
                "created_by_ref": system_id(),
                "name": name,
                "identity_class": "organization",
                "external_references": [{"source_name": "amanat", "external_id": code}],
                "object_marking_refs": marking,
            }
            if kind in sectors:
                found["sectors"] = sectors[kind]
            yield found
        self.scope.count("organisation", len(self.organisations))

    def places(self) -> Iterator[StixObject]:
        count = 0
        columns = "id kind name country region city latitude longitude"
        for row in self.rows(Place, columns):
            place_id, kind, name, country, region, city, latitude, longitude = row[:8]
            found = self.record("location", f"place/{place_id}", row, kind)
            found["name"] = name
            found["country"] = country
            if region:
                found["administrative_area"] = region
            if city:
                found["city"] = city
            if latitude is not None and longitude is not None:
                found["latitude"], found["longitude"] = latitude, longitude
            count += 1
            yield found
        self.scope.count("place", count)

    def persons(self) -> Iterator[StixObject]:
        session = self.scope.session
        names = _grouped(
            stream(
                session,
                select(PersonName.person_id, PersonName.kind, PersonName.full_name).order_by(
                    PersonName.person_id, PersonName.id
                ),
            )
        )
        citizenships = _grouped(
            stream(
                session,
                select(Citizenship.person_id, Citizenship.country).order_by(
                    Citizenship.person_id, Citizenship.id
                ),
            )
        )
        pseudonyms = _grouped(stream(session, _pseudonym_query()))
        columns = "id sex birth_year birth_month birth_day is_protected"
        for row in self.rows(Person, columns):
            person_id, sex, year, month, day, protected = row[:6]
            self.people.add(person_id)
            key = f"person/{person_id}"
            if protected:
                yield self.protected(key, row, pseudonyms.of(person_id))
                continue
            own: dict[str, Any] = {}
            if sex is not None:
                own["sex"] = sex
            if year is not None:
                own["birth_date"] = _birth_date(year, month, day)
            countries = citizenships.of(person_id)
            if countries:
                own["citizenships"] = [c[1] for c in countries]
            name, aliases = _names(names.of(person_id))
            if aliases:
                own["aliases"] = aliases
            found = self.record("identity", key, row, own=own)
            found["name"] = name or key.replace("/", " ")
            found["identity_class"] = "individual"
            yield found
        self.scope.count("person", len(self.people))

    def protected(self, key: str, row: Any, pseudonym: list[Any]) -> StixObject:
        """A victim or witness: the pseudonym, unless this export may carry the identity."""
        person_id, sex = row[0], row[1]
        release = self.scope.release
        identity = release.identity(person_id, row[OWNER]) if release is not None else None
        own: dict[str, Any] = {"protected": True}
        if sex is not None:
            own["sex"] = sex
        if identity is None:
            found = self.record("identity", key, row, own=own)
            found["name"] = pseudonym[0][1] if pseudonym else PROTECTED_NAME
        else:
            names = [(None, n.get("kind"), n.get("full_name")) for n in identity.names]
            name, aliases = _names(names)
            year = identity.birth_year
            if year is not None:
                own["birth_date"] = _birth_date(year, identity.birth_month, identity.birth_day)
            if identity.citizenships:
                own["citizenships"] = list(identity.citizenships)
            if aliases:
                own["aliases"] = aliases
            found = self.record("identity", key, row, own=own)
            found["name"] = name or PROTECTED_NAME
        found["identity_class"] = "individual"
        return found

    def criminal_groups(self) -> Iterator[StixObject]:
        shapes = self.terms["groups"]
        based_in = self.terms["based_in"]
        columns = "id kind name alias country registration_number"
        for row in self.rows(CriminalGroup, columns):
            group_id, kind, name, alias, country, number = row[:6]
            shape = shapes[kind]
            object_type = shape["type"]
            aliases = [alias] if alias else []
            is_actor = object_type != "identity"
            own = {"registration_number": number} if number else {}
            if aliases and not is_actor:
                own["aliases"] = aliases  # an identity has no aliases property
            found = self.record(object_type, f"group/{group_id}", row, kind, own)
            found["name"] = name
            if object_type == "threat-actor":
                found["threat_actor_types"] = shape["threat_actor_types"]
            if object_type == "identity":
                found["identity_class"] = shape["identity_class"]
            elif aliases:
                found["aliases"] = aliases
            self.groups[group_id] = found["id"]
            yield found
            if country:
                based = based_in[object_type]
                yield self.located(f"group-country/{group_id}", row, based, found, country)
        self.scope.count("group", len(self.groups))

    def located(
        self, key: str, row: Any, relationship_type: str, subject: StixObject, country: str
    ) -> StixObject:
        """Where ``subject`` is based, with the marking of the record that says so."""
        self.countries.add(country)
        found = self.record("relationship", key, row)
        found["relationship_type"] = relationship_type
        found["source_ref"] = subject["id"]
        found["target_ref"] = stix_id("location", f"country/{country}")
        return found

    def cases(self) -> Iterator[StixObject]:
        parties_query = (
            select(CaseRole.case_id, CaseRole.person_id, CaseRole.role)
            .where(visible(CaseRole, self.scope.viewer))
            .order_by(CaseRole.case_id, CaseRole.id)
        )
        roles = _grouped(stream(self.scope.session, parties_query))
        count = 0
        columns = "id case_type jurisdiction case_number title status opened_on closed_on"
        for row in self.rows(Case, columns):
            case_id, case_type, jurisdiction, number, title, status, opened, closed = row[:8]
            parties = [
                {"ref": stix_id("identity", f"person/{person_id}"), "role": role}
                for _, person_id, role in roles.of(case_id)
                if person_id in self.people
            ]
            own: dict[str, Any] = {"status": status}
            if opened is not None:
                own["opened_on"] = _date(opened)
            if closed is not None:
                own["closed_on"] = _date(closed)
            if parties:
                own["parties"] = parties
            found = self.record("report", f"case/{case_id}", row, case_type, own)
            found["name"] = title or number or f"{self.case_labels[case_type]} {case_id}"
            found["report_types"] = ["threat-report"]
            found["published"] = found["created"]
            # Always one reference at least (STIX requires it): the jurisdiction.
            self.countries.add(jurisdiction)
            country = stix_id("location", f"country/{jurisdiction}")
            found["object_refs"] = [*dict.fromkeys(p["ref"] for p in parties), country]
            if number:
                source = self.codes[row[OWNER]]
                found["external_references"] = [{"source_name": source, "external_id": number}]
            count += 1
            yield found
        self.scope.count("case", count)

    def relationships(self) -> Iterator[StixObject]:
        types = self.terms["relationships"]
        count = 0
        columns = (
            "id kind from_person_id from_group_id to_person_id to_group_id to_organisation_id"
            " detail started_on ended_on amount currency"
        )
        for row in self.rows(Relationship, columns):
            link_id, kind, from_person, from_group, to_person, to_group, to_org = row[:7]
            detail, started, ended, amount, currency = row[7:12]
            source = self.person_or_group(from_person, from_group)
            target = self.person_or_group(to_person, to_group) or self.organisations.get(to_org)
            if source is None or target is None:
                continue  # a vehicle or phone, or an end the user may not see
            own: dict[str, Any] = {} if amount is None else {"amount": float(amount)}
            if currency is not None:
                own["currency"] = currency
            found = self.record("relationship", f"relationship/{link_id}", row, kind, own)
            found["relationship_type"] = types[kind]
            found["source_ref"], found["target_ref"] = source, target
            if detail:
                found["description"] = detail
            if started is not None:
                found["start_time"] = _day(started)
                if ended is not None and str(ended) >= str(started):
                    found["stop_time"] = _day(ended, after=1)  # through the day it ended
            count += 1
            yield found
        self.scope.count("relationship", count)

    def person_or_group(self, person_id: int | None, group_id: int | None) -> str | None:
        if person_id is not None:
            return stix_id("identity", f"person/{person_id}") if person_id in self.people else None
        if group_id is not None:
            return self.groups.get(group_id)
        return None

    def country_locations(self) -> Iterator[StixObject]:
        """The countries cases and groups refer to: public facts, marked for all."""
        labels = {t.code: t.label("en") for t in vocabulary("country")}
        defined = self.terms["defined"]
        marking = (tlp_ref(self.terms["tlp_of"]["country"]),)
        for code in sorted(self.countries):
            yield {
                "type": "location",
                "spec_version": SPEC_VERSION,
                "id": stix_id("location", f"country/{code}"),
                "created": defined,
                "modified": defined,
                "created_by_ref": system_id(),
                "name": labels.get(code, code),
                "country": code,
                "object_marking_refs": marking,
            }


def _pseudonym_query() -> Any:
    return select(ProtectedIdentity.person_id, ProtectedIdentity.pseudonym).order_by(
        ProtectedIdentity.person_id
    )


def _names(names: list[Any]) -> tuple[str | None, list[str]]:
    """The primary name (or the first) and the others, of (person, kind, full name)."""
    written = [n for n in names if n[2]]
    if not written:
        return None, []
    primary = next((n for n in written if n[1] == "primary"), written[0])
    return primary[2], [n[2] for n in written if n is not primary]


@lru_cache(maxsize=1 << 16)
def _birth_date(year: int, month: int | None, day: int | None) -> str:
    return str(PartialDate(year, month, day))


def write_stix(scope: ExportScope, path: Path, tick: Callable[[int], None] | None) -> int:
    """Write the bundle to ``path`` (UTF-8 JSON); return the number of objects."""
    count = 0
    dumps = orjson.dumps
    with path.open("wb", buffering=1 << 20) as out:
        out.write(b'{"type":"bundle","id":"bundle--%s","objects":[' % str(uuid.uuid4()).encode())
        for found in StixExport(scope).objects():
            out.write(b"\n" if not count else b",\n")
            out.write(dumps(found))
            count += 1
            if tick is not None and not count % 10_000:
                tick(count)
        out.write(b"\n]}\n")
    return count
