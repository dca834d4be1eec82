"""FollowTheMoney entities, one JSON object per line, for Aleph, OpenSanctions tools
and anything else that reads the FtM model.

Entities are built as plain dictionaries with values already in FtM's clean form
(lower-case country codes, ISO dates, E.164 phones), because building a million
``EntityProxy`` objects and cleaning every value through the library would take
minutes; the tests check every entity of an export against ``followthemoney.model``.
Links (family, membership, case party ...) are only written when both ends are in
the export, so no entity points at one the reader cannot see.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, BinaryIO

import orjson
from followthemoney import model
from followthemoney.types import registry
from sqlalchemy import select

from amanat.access.identity_vault import ProtectedIdentity
from amanat.access.visibility import visible
from amanat.exchange.scope import ExportScope, PartsOf, raw_stream
from amanat.register import (
    Case,
    CaseRole,
    Citizenship,
    CriminalGroup,
    IdentityDocument,
    Organisation,
    Person,
    PersonAddress,
    PersonName,
    PersonPhone,
    Relationship,
    Vehicle,
)
from amanat.vocab import vocabulary

Entity = dict[str, Any]
PASSPORTS = frozenset({"national_passport", "international_passport"})
NAME = ("kind", "full_name", "given", "patronymic", "family")
CRIMINAL_GROUPS = frozenset({"organised_crime_group", "gang", "armed_group", "clan", "network"})


def entity_id(kind: str, record_id: int) -> str:
    return f"amanat-{kind}-{record_id}"


@cache
def _properties(schema: str) -> frozenset[str]:
    found = model.get(schema)
    assert found is not None, schema
    return frozenset(found.properties)


def _entity(schema: str, kind: str, record_id: int, **properties: list[str]) -> Entity:
    # Links (Family, CourtCaseParty ...) have no keywords: the marking travels there as
    # the publisher only.
    allowed = _properties(schema)
    return {
        "id": entity_id(kind, record_id),
        "schema": schema,
        "properties": {k: v for k, v in properties.items() if v and k in allowed},
    }


def _one(value: object) -> list[str]:
    return [] if value is None or value == "" else [str(value)]


def _country(code: object) -> list[str]:
    return [str(code).lower()] if code else []


def _phone(number: str) -> str | None:
    digits = "".join(c for c in number if c.isdigit())
    if not number.strip().startswith("+") or not 8 <= len(digits) <= 15:
        return None  # no country code: FtM cannot place it, and neither can a reader
    cleaned: str | None = registry.phone.clean("+" + digits)
    return cleaned


def _partial_date(year: object, month: object, day: object) -> list[str]:
    if not year:
        return []
    text = f"{int(str(year)):04d}"
    if month:
        text += f"-{int(str(month)):02d}"
        if day:
            text += f"-{int(str(day)):02d}"
    return [text]


def _columns(model: Any, names: str) -> list[Any]:
    return [model.__table__.columns[n] for n in names.split()]


MARKED = "org_id tlp handling reliability credibility"


class FtmExport:
    """Builds the entities of one export, remembering which were written.

    Rows are read as plain driver tuples (``raw_stream``) with only the columns an
    entity needs; at a million people the result machinery of an ORM row would cost
    more than everything else together."""

    def __init__(self, scope: ExportScope) -> None:
        self.scope = scope
        self.publishers: dict[int, str] = {}
        self.written: dict[str, set[int]] = {
            kind: set() for kind in ("person", "group", "vehicle", "case", "organisation")
        }
        self.doc_labels = {t.code: t.label("en") for t in vocabulary("document_type")}
        self.case_labels = {t.code: t.label("en") for t in vocabulary("case_type")}

    def rows(self, model: Any, names: str) -> Iterator[tuple[Any, ...]]:
        query = select(*_columns(model, f"{names} {MARKED}"))
        query = query.where(visible(model, self.scope.viewer)).order_by(model.id)
        return raw_stream(self.scope.session, query)

    def parts(self, model: Any, names: str) -> PartsOf:
        """Parts of people, grouped by person id (the first column named)."""
        columns = _columns(model, names)
        query = select(*columns).order_by(columns[0], model.id)
        return PartsOf(_grouped(raw_stream(self.scope.session, query)))

    def marking(self, row: tuple[Any, ...]) -> dict[str, list[str]]:
        """Who asserted the record and how it may be shared travel with the entity."""
        org, tlp, handling, reliability, credibility = row[-5:]
        return {
            "publisher": _one(self.publishers.get(org)),
            "keywords": [
                f"TLP:{tlp}",
                f"handling:{handling}",
                f"grading:{reliability}{credibility}",
            ],
        }

    def entities(self) -> Iterator[Entity]:
        yield from self.organisations()
        yield from self.people()
        yield from self.groups()
        yield from self.vehicles()
        yield from self.cases()
        yield from self.case_parties()
        yield from self.relationships()

    def organisations(self) -> Iterator[Entity]:
        query = select(Organisation.id, Organisation.code, Organisation.name, Organisation.country)
        for org_id, code, name, country in raw_stream(
            self.scope.session, query.order_by(Organisation.id)
        ):
            self.publishers[org_id] = code
            self.written["organisation"].add(org_id)
            yield _entity(
                "Organization",
                "organisation",
                org_id,
                name=[name],
                country=_country(country),
                idNumber=[code],
            )

    def people(self) -> Iterator[Entity]:
        names = self.parts(PersonName, "person_id kind full_name given patronymic family")
        citizenships = self.parts(Citizenship, "person_id country")
        documents = self.parts(
            IdentityDocument, "person_id id doc_type number issuing_country issued_on expires_on"
        )
        phones = self.parts(PersonPhone, "person_id number")
        addresses = self.parts(PersonAddress, "person_id id line country")
        query = select(ProtectedIdentity.person_id, ProtectedIdentity.pseudonym)
        pseudonyms = PartsOf(
            _grouped(raw_stream(self.scope.session, query.order_by(ProtectedIdentity.person_id)))
        )
        written = self.written["person"]
        for row in self.rows(Person, "id sex birth_year birth_month birth_day is_protected"):
            person_id, sex, year, month, day, protected = row[:6]
            written.add(person_id)
            props = self.marking(row)
            props["gender"] = [sex] if sex in ("male", "female") else []
            if protected:
                yield from self.protected(person_id, row, props, pseudonyms.of(person_id))
                continue
            props["birthDate"] = _partial_date(year, month, day)
            props["citizenship"] = [c[1].lower() for c in citizenships.of(person_id)]
            _names(
                props,
                [
                    {
                        "kind": n[1],
                        "full_name": n[2],
                        "given": n[3],
                        "patronymic": n[4],
                        "family": n[5],
                    }
                    for n in names.of(person_id)
                ],
                person_id,
            )
            person_documents = documents.of(person_id)
            props["passportNumber"] = [d[3] for d in person_documents if d[2] in PASSPORTS]
            props["idNumber"] = [d[3] for d in person_documents if d[2] not in PASSPORTS]
            cleaned = [_phone(p[1]) for p in phones.of(person_id)]
            props["phone"] = [p for p in cleaned if p]
            person_addresses = addresses.of(person_id)
            props["addressEntity"] = [entity_id("address", a[1]) for a in person_addresses]
            yield _entity("Person", "person", person_id, **props)
            for _, doc_id, doc_type, number, country, issued, expires in person_documents:
                schema = "Passport" if doc_type in PASSPORTS else "Identification"
                yield _entity(
                    schema,
                    "document",
                    doc_id,
                    holder=[entity_id("person", person_id)],
                    number=[number],
                    country=_country(country),
                    type=[self.doc_labels[doc_type]],
                    startDate=_one(issued),
                    endDate=_one(expires),
                )
            for _, address_id, line, country in person_addresses:
                yield _entity(
                    "Address", "address", address_id, full=_one(line), country=_country(country)
                )
        self.scope.count("person", len(written))

    def protected(
        self,
        person_id: int,
        row: tuple[Any, ...],
        props: dict[str, list[str]],
        pseudonym: list[Any],
    ) -> Iterator[Entity]:
        """A victim or witness: the pseudonym only, unless this export may carry the identity."""
        release = self.scope.release
        identity = release.identity(person_id, row[-5]) if release is not None else None
        if identity is None:
            props["name"] = [pseudonym[0][1] if pseudonym else "protected person"]
        else:
            props["birthDate"] = _partial_date(
                identity.birth_year, identity.birth_month, identity.birth_day
            )
            props["citizenship"] = [c.lower() for c in identity.citizenships]
            _names(props, identity.names, person_id)
        yield _entity("Person", "person", person_id, **props)

    def groups(self) -> Iterator[Entity]:
        for row in self.rows(CriminalGroup, "id kind name alias country registration_number"):
            group_id, kind, name, alias, country, number = row[:6]
            self.written["group"].add(group_id)
            yield _entity(
                "Company" if kind == "company" else "Organization",
                "group",
                group_id,
                **self.marking(row),
                name=[name],
                alias=_one(alias),
                country=_country(country),
                registrationNumber=_one(number),
                topics=["crime"] if kind in CRIMINAL_GROUPS else [],
            )
        self.scope.count("group", len(self.written["group"]))

    def vehicles(self) -> Iterator[Entity]:
        for row in self.rows(Vehicle, "id plate plate_country vin make model year"):
            vehicle_id, plate, country, vin, make, model_name, year = row[:7]
            self.written["vehicle"].add(vehicle_id)
            model = " ".join(p for p in (make, model_name) if p)
            yield _entity(
                "Vehicle",
                "vehicle",
                vehicle_id,
                **self.marking(row),
                name=[plate or model or vin or f"vehicle {vehicle_id}"],
                registrationNumber=_one(plate),
                model=_one(model),
                country=_country(country),
                buildDate=_one(year),
                description=[f"VIN {vin}"] if vin else [],
            )
        self.scope.count("vehicle", len(self.written["vehicle"]))

    def cases(self) -> Iterator[Entity]:
        columns = "id case_type jurisdiction case_number title status opened_on closed_on"
        for row in self.rows(Case, columns):
            case_id, case_type, jurisdiction, number, title, status, opened, closed = row[:8]
            self.written["case"].add(case_id)
            label = self.case_labels[case_type]
            yield _entity(
                "CourtCase",
                "case",
                case_id,
                **self.marking(row),
                name=[title or number or f"{label} {case_id}"],
                caseNumber=_one(number),
                country=_country(jurisdiction),
                category=[label],
                status=[status],
                fileDate=_one(opened),
                closeDate=_one(closed),
            )
        self.scope.count("case", len(self.written["case"]))

    def case_parties(self) -> Iterator[Entity]:
        cases, people = self.written["case"], self.written["person"]
        count = 0
        for row in self.rows(CaseRole, "id case_id person_id role"):
            role_id, case_id, person_id, role = row[:4]
            if case_id in cases and person_id in people:
                count += 1
                yield _entity(
                    "CourtCaseParty",
                    "case_role",
                    role_id,
                    **self.marking(row),
                    case=[entity_id("case", case_id)],
                    party=[entity_id("person", person_id)],
                    role=[role],
                )
        self.scope.count("case_role", count)

    def relationships(self) -> Iterator[Entity]:
        columns = (
            "id kind from_person_id from_group_id to_person_id to_group_id"
            " to_organisation_id to_vehicle_id detail"
        )
        count = 0
        for row in self.rows(Relationship, columns):
            entity = self.link(row)
            if entity is not None:
                count += 1
                allowed = _properties(str(entity["schema"]))
                marking = {k: v for k, v in self.marking(row).items() if k in allowed}
                entity["properties"].update(marking)
                yield entity
        self.scope.count("relationship", count)

    def link(self, row: tuple[Any, ...]) -> Entity | None:
        (
            link_id,
            kind,
            from_person,
            from_group,
            to_person,
            to_group,
            to_org,
            to_vehicle,
            detail_text,
        ) = row[:9]
        source = ("person", from_person) if from_person is not None else ("group", from_group)
        targets = [
            ("person", to_person),
            ("group", to_group),
            ("organisation", to_org),
            ("vehicle", to_vehicle),
        ]
        target = next(((k, i) for k, i in targets if i is not None), None)
        if source[1] is None or target is None:
            return None  # a link to a phone has no FtM form here
        if source[1] not in self.written[source[0]] or target[1] not in self.written[target[0]]:
            return None
        subject, other = entity_id(*source), entity_id(*target)
        detail = _one(detail_text)
        kinds = (source[0], target[0])
        if kind == "family" and kinds == ("person", "person"):
            return _entity(
                "Family",
                "relationship",
                link_id,
                person=[subject],
                relative=[other],
                relationship=detail,
            )
        if kind in ("associate", "clan") and kinds == ("person", "person"):
            return _entity(
                "Associate",
                "relationship",
                link_id,
                person=[subject],
                associate=[other],
                relationship=detail,
            )
        if kind in ("member_of", "leads") and target[0] in ("group", "organisation"):
            role = detail or (["leader"] if kind == "leads" else [])
            return _entity(
                "Membership",
                "relationship",
                link_id,
                member=[subject],
                organization=[other],
                role=role,
            )
        if (
            kind == "employed_by"
            and kinds[0] == "person"
            and target[0] in ("group", "organisation")
        ):
            return _entity(
                "Employment",
                "relationship",
                link_id,
                employee=[subject],
                employer=[other],
                role=detail,
            )
        if kind == "owns" and target[0] == "vehicle":
            return _entity(
                "Ownership", "relationship", link_id, owner=[subject], asset=[other], role=detail
            )
        return _entity(
            "UnknownLink",
            "relationship",
            link_id,
            subject=[subject],
            object=[other],
            role=[kind],
            description=detail,
        )


def _grouped(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, list[Any]]]:
    """Rows ordered by their first column, grouped by it."""
    current: int | None = None
    group: list[Any] = []
    for row in rows:
        if row[0] != current:
            if current is not None:
                yield current, group
            current, group = row[0], []
        group.append(row)
    if current is not None:
        yield current, group


def _names(props: dict[str, list[str]], names: list[dict[str, Any]], person_id: int) -> None:
    primary, others = _split_names(names)
    props["name"] = [primary["full_name"]] if primary else [f"person {person_id}"]
    props["alias"] = [n["full_name"] for n in others]
    if primary:
        props["firstName"] = _one(primary.get("given"))
        props["lastName"] = _one(primary.get("family"))
        props["fatherName"] = _one(primary.get("patronymic"))


def _split_names(names: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    plain = [n for n in names if n.get("full_name")]
    if not plain:
        return None, []
    primary = next((n for n in plain if n.get("kind") == "primary"), plain[0])
    return primary, [n for n in plain if n is not primary]


def write_ftm(scope: ExportScope, out: BinaryIO, tick: Any = None) -> int:
    """Write the export as FtM JSON Lines (UTF-8) to ``out``; return the entity count."""
    count = 0
    dumps = orjson.dumps
    for entity in FtmExport(scope).entities():
        out.write(dumps(entity))
        out.write(b"\n")
        count += 1
        if tick is not None and not count % 10_000:
            tick(count)
    return count
