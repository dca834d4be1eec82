"""The CTDC export against the CTDC global dataset: its exact 63 columns, its codings,
k-anonymity as published (k = 11) bought by generalising before suppressing, and a
report of what the protection changed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, select
from tests.exchange.conftest import Exporter

from amanat.exchange import ctdc
from amanat.register import Organisation, Person, Victim
from amanat.store.engine import transaction

DATA = Path(ctdc.__file__).parent / "data"
MISSING = "-99"


def _shipped(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    return loaded


def _read(path: Path) -> tuple[list[str], list[dict[str, str]], list[dict[str, str]]]:
    with zipfile.ZipFile(path) as bundle:

        def table(name: str) -> tuple[list[str], list[dict[str, str]]]:
            text = bundle.read(name).decode("utf-8-sig")
            header = next(csv.reader(io.StringIO(text)))
            return header, list(csv.DictReader(io.StringIO(text, newline="")))

        header, rows = table("ctdc.csv")
        return header, rows, table("disclosure.csv")[1]


def test_the_header_is_the_global_datasets_exactly(export: Exporter) -> None:
    header, rows, _ = _read(export("ctdc").output)
    official = _shipped("ctdc-global-dataset")["columns"]
    assert header == official and len(header) == 63
    assert {
        "isSexualExploit",
        "isForcedMilitary",
        "isOtherExploit",
        "majorityStatusAtExploit",
        "majorityEntry",
        "isSexAndLabour",
        "isAbduction",
        "RecruiterRelationship",
    } <= set(header)
    assert rows


@pytest.mark.parametrize("k", [11, 3])
def test_every_quasi_identifier_combination_has_at_least_k_rows(export: Exporter, k: int) -> None:
    _, rows, _ = _read(export("ctdc", k=k).output)
    quasi = list(_shipped("ctdc")["hierarchies"])
    classes = Counter(tuple(r[q] for q in quasi) for r in rows)
    assert rows and min(classes.values()) >= k


def test_every_value_is_in_the_datasets_coding(export: Exporter) -> None:
    _, rows, _ = _read(export("ctdc").output)
    official, mapping = _shipped("ctdc-global-dataset"), _shipped("ctdc")
    regions = {
        name
        for _, _, region, sub in _shipped("m49")["countries"].values()
        for name in (region, sub)
    }
    iso2 = set(_shipped_vocabulary_codes())
    bands = set(official["age_bands"]) | set(mapping["broad_ages"])
    for row in rows:
        assert row["gender"] in {*official["genders"], MISSING}
        assert row["ageBroad"] in {*bands, MISSING}
        for column in ("majorityStatus", "majorityStatusAtExploit", "majorityEntry"):
            assert row[column] in {*official["majority"], MISSING}
        for column in ("citizenship", "CountryOfExploitation"):
            assert row[column] in iso2 | regions | {MISSING}, (column, row[column])
        year = row["yearOfRegistration"]
        assert year == MISSING or year.isdigit() or "--" in year
        flags = [c for c in row if c.startswith(("is", "meansOfControl", "typeOf", "recruiterR"))]
        for column in flags:
            if not column.endswith("Concatenated"):
                assert row[column] in {"0", "1", MISSING}, (column, row[column])
        if row["isForcedLabour"] == "1" and row["isSexualExploit"] == "1":
            assert row["isSexAndLabour"] == "1"
        assert row["Datasource"] == mapping["datasource"]


def _shipped_vocabulary_codes() -> list[str]:
    text = (Path(ctdc.__file__).parents[1] / "vocab" / "data" / "country.yaml").read_text("utf-8")
    return list(yaml.safe_load(text)["terms"])


def test_generalising_keeps_what_suppressing_blanked(export: Exporter) -> None:
    """The issue: k = 11 was bought by blanking ageBroad and CountryOfExploitation in
    every row.  Now countries give way to their region first, and the report says so."""
    _, rows, report = _read(export("ctdc", k=11).output)
    loss = {r["column"]: {k: int(v) for k, v in r.items() if k != "column"} for r in report}
    for column, counts in loss.items():
        if column != "rows":
            assert counts["recorded"] == sum(
                counts[k] for k in ("kept", "generalised", "suppressed", "withheld")
            )
    assert loss["rows"]["recorded"] == loss["rows"]["kept"] + loss["rows"]["withheld"]
    assert loss["rows"]["kept"] == len(rows)
    exploited = loss["CountryOfExploitation"]
    assert exploited["kept"] + exploited["generalised"] > exploited["recorded"] // 2
    assert loss["citizenship"]["kept"] + loss["citizenship"]["generalised"] > 0
    assert {r["CountryOfExploitation"] for r in rows} - {MISSING}


def test_age_at_registration_only_from_a_birth_year_that_may_leave(
    region: Engine, export: Exporter, protected_names: set[str]
) -> None:
    """ageBroad is the age at registration: from the birth year of a visible person
    who is not protected.  The fixture's protected victim has a birth year in plain
    text (2001); it must not give her age away."""
    with transaction(region) as session:
        org = session.scalar(select(Organisation.id).where(Organisation.code == "KZ-NGO-TEST"))
        shared = {"org_id": org, "tlp": "GREEN", "distribution": "community"}
        person = Person(**shared, sex="male", birth_year=1990)
        session.add(person)
        session.flush()
        victim = Victim(
            **shared,
            person_id=person.id,
            sex="male",
            age_at_exploitation=16,
            identified_on=dt.date(2012, 5, 1),
        )
        session.add(victim)
    _, rows, _ = _read(export("ctdc", k=1).output)
    found = [r for r in rows if r["yearOfRegistration"] == "2012" and r["ageBroad"] != MISSING]
    assert [(r["ageBroad"], r["majorityStatus"], r["majorityStatusAtExploit"]) for r in found] == [
        ("21--23", "Adult", "Minor")
    ]
    assert all(r["majorityEntry"] == MISSING and r["isAbduction"] == MISSING for r in rows)
