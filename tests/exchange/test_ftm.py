"""The FollowTheMoney export: every entity valid by the followthemoney library, ids
that stay the same across runs and users, and as many records of each kind as the
JSON and XLSX exports of the same user hold (issue 14: the first row of every table
was missing)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from sqlalchemy import Engine, select
from tests.exchange.conftest import Entity, Exporter, followthemoney_entities

from amanat.exchange.ftm_mapping import FtmMapping
from amanat.exchange.ftm_values import MappingError
from amanat.exchange.workbook import SHEET_TITLES
from amanat.register import Organisation, Person, PersonPhone
from amanat.store.engine import transaction

# FtM schema → kind of record.  Groups and the register's organisations are both
# Organization or Company: a group carries its publisher, an organisation is none's.
RECORD_SCHEMATA = {
    "Person": "person",
    "Vehicle": "vehicle",
    "CourtCase": "case",
    "CourtCaseParty": "case_role",
    "Passport": "document",
    "Identification": "document",
    "Address": "address",
    **dict.fromkeys(
        ("Family", "Associate", "Membership", "Employment", "Ownership", "UnknownLink"),
        "relationship",
    ),
}
# Where a relationship's ends are, in the register's columns.
SUBJECTS = {"from_person_id": "person", "from_group_id": "group"}
OBJECTS = {
    "to_person_id": "person",
    "to_group_id": "group",
    "to_organisation_id": "organisation",
    "to_vehicle_id": "vehicle",
    "to_phone_id": "phone",  # FtM has no entity for a phone: no link
}


def _kind(entity: Entity) -> str:
    schema = entity["schema"]
    if schema in ("Organization", "Company"):
        return "group" if "publisher" in entity["properties"] else "organisation"
    return RECORD_SCHEMATA[schema]


def test_every_entity_is_valid_followthemoney(export: Exporter) -> None:
    result = export("ftm")
    entities = followthemoney_entities(result.output)
    assert len(entities) == result.rows > 100
    kinds = Counter(_kind(e) for e in entities)
    assert set(kinds) == {*RECORD_SCHEMATA.values(), "group", "organisation"}, kinds
    # Who asserted each record travels with it, as an organisation in the file.
    codes = {
        code for e in entities if _kind(e) == "organisation" for code in e["properties"]["alias"]
    }
    marked = [e for e in entities if _kind(e) not in ("organisation", "document", "address")]
    assert all(set(e["properties"].get("publisher", ())) <= codes for e in marked)
    assert not [e["id"] for e in marked if not e["properties"].get("publisher")]


def _end(record: dict[str, Any], ends: dict[str, str]) -> tuple[str, int] | None:
    return next(((kind, record[c]) for c, kind in ends.items() if record.get(c) is not None), None)


def _expected_from_json(document: dict[str, Any]) -> Counter[str]:
    """What the FtM export should hold, counted from the JSON export: every record of
    the kinds FtM writes, a person's documents and addresses (none for a protected
    person), and the links whose both ends are in the file."""
    records = document["records"]
    held = {kind: {r["id"] for r in records[kind]} for kind in ("person", "group", "vehicle")}
    held["case"] = {r["id"] for r in records["case"]}
    expected: Counter[str] = Counter()
    for kind in ("person", "group", "vehicle", "case"):
        expected[kind] = len(records[kind])
    for person in records["person"]:
        expected["document"] += len(person["documents"])
        expected["address"] += len(person["addresses"])
    expected["case_role"] = sum(
        r["case_id"] in held["case"] and r["person_id"] in held["person"]
        for r in records["case_role"]
    )
    for link in records["relationship"]:
        ends = [_end(link, SUBJECTS), _end(link, OBJECTS)]
        if all(
            e is not None and (e[0] == "organisation" or e[1] in held.get(e[0], ())) for e in ends
        ):
            expected["relationship"] += 1
    return expected


def _xlsx_rows(path: Path) -> Counter[str]:
    book = load_workbook(path, read_only=True)
    return Counter(
        {
            sheet.title: sum(
                any(c is not None for c in row)
                for row in sheet.iter_rows(min_row=2, values_only=True)
            )
            for sheet in book.worksheets
        }
    )


@pytest.mark.usefixtures("protected_names")
@pytest.mark.parametrize("user", ["analyst", "owner"])
def test_as_many_records_of_each_kind_as_json_and_xlsx(export: Exporter, user: str) -> None:
    ftm = Counter(_kind(e) for e in followthemoney_entities(export("ftm", user=user).output))
    document = json.loads(export("json", user=user).output.read_text(encoding="utf-8"))
    xlsx = _xlsx_rows(export("xlsx", user=user).output)
    for kind in ("person", "group", "vehicle", "case", "case_role", "relationship"):
        assert len(document["records"][kind]) == xlsx[SHEET_TITLES[kind]], kind
    expected = _expected_from_json(document)
    assert expected["person"] > 10 and expected["case"] > 0 and expected["document"] > 0
    assert {k: ftm[k] for k in expected} == dict(expected)


def test_ids_stay_the_same_across_runs_and_users(export: Exporter, tmp_path: Path) -> None:
    first = shutil.copy(export("ftm").output, tmp_path / "first.ftm.jsonl")
    again = export("ftm").output
    assert Path(first).read_bytes() == again.read_bytes()  # same register, same file
    analyst = {e["id"]: e for e in followthemoney_entities(again)}
    owner = {e["id"]: e for e in followthemoney_entities(export("ftm", user="owner").output)}
    both = set(analyst) & set(owner)
    # The owner (a shelter) sees fewer records; the ones both see are the same
    # entities under the same ids, whatever else each export holds.
    assert 0 < len(both) < len(analyst)
    people = [i for i in both if analyst[i]["schema"] == "Person"]
    assert len(people) > 10
    assert [i for i in both if analyst[i] != owner[i]] == []


def test_ids_name_the_publisher_the_kind_and_the_record(export: Exporter) -> None:
    entities = followthemoney_entities(export("ftm").output)
    person = next(e for e in entities if e["schema"] == "Person")
    [code] = person["properties"]["publisher"]
    assert person["id"].startswith(f"amanat-person-{code}-")
    assert person["id"].rsplit("-", 1)[1].isdigit()
    organisation = next(e for e in entities if _kind(e) == "organisation")
    assert organisation["id"] == "amanat-org-" + organisation["properties"]["alias"][0]


def _mapping(change: dict[str, Any]) -> FtmMapping:
    document = json.loads(json.dumps(_raw_mapping()))
    document["kinds"]["vehicle"].update(change)
    return FtmMapping(document)


def _raw_mapping() -> dict[str, Any]:
    text = resources.files("amanat.exchange").joinpath("data/ftm.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"schema": "Vehicl"}, "'Vehicl' is not a FollowTheMoney schema"),
        ({"schema": "Thing"}, "'Thing' is not a FollowTheMoney schema"),
        ({"properties": {"wingspan": {"column": "plate"}}}, "Vehicle has no property 'wingspan'"),
        ({"properties": {"name": {"colum": "plate"}}}, "unknown keys colum"),
    ],
)
def test_the_mapping_refuses_what_followthemoney_lacks(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(MappingError, match=message):
        _mapping(change)


def test_phones_are_read_as_linkage_reads_them(region: Engine, export: Exporter) -> None:
    """A number written without its country code is placed where the organisation
    that recorded it is (a Kazakh agency's "8 (701) …" is +7 701 …); one that no
    country makes valid is left out."""
    with transaction(region) as session:
        person = session.scalars(
            select(Person)
            .join(Organisation, Organisation.id == Person.org_id)
            .where(Organisation.country == "KZ", ~Person.is_protected, Person.tlp == "GREEN")
            .order_by(Person.id)
            .limit(1)
        ).one()
        before = len(person.phones)
        person.phones += [PersonPhone(number="8 (701) 234-56-78"), PersonPhone(number="12-34")]
        person_id = person.id
    entities = followthemoney_entities(export("ftm").output)
    [found] = [e for e in entities if e["schema"] == "Person" and e["id"].endswith(f"-{person_id}")]
    phones = found["properties"]["phone"]
    assert "+77012345678" in phones and len(phones) == before + 1
