"""The CTDC global dataset: one row per visible victim, in a zip, k-anonymised.

``ctdc.csv`` has the exact 63 columns of the Counter Trafficking Data Collaborative's
k-anonymised global dataset, with its codings (``data/ctdc-global-dataset.yaml``):
-99 for missing, 1/0 flags, ISO alpha-2 countries, its age bands.  How a register
victim fills them is ``data/ctdc.yaml``.  No identifiers and no dates finer than the
year leave.

Disclosure control is k-anonymity over the quasi-identifiers (k = 11 by default, as
CTDC publishes), generalising before suppressing: an age band to a broader band, a
country to its UN M49 sub-region and then region, a year to a five-year period, and
only then a value to -99 (``kanon``).  ``disclosure.csv`` says, column by column,
how many recorded values were kept, generalised, suppressed, or left out with their
rows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select

from amanat.access.visibility import visible
from amanat.exchange.bundle import Bundle
from amanat.exchange.kanon import Anonymised, Coarsen, Hierarchy, Row, k_anonymise
from amanat.exchange.reference import area, reference
from amanat.exchange.scope import ExportScope, Record, records, stream
from amanat.register import Person, Victim
from amanat.vocab import vocabulary

README = """CTDC global dataset exported by Amanat.

ctdc.csv: the 63 columns of the Counter Trafficking Data Collaborative's k-anonymised
  global victim dataset (https://www.ctdatacollaborative.org/global-dataset), with its
  codings: -99 for a value missing or suppressed, 1/0 flags, ISO 3166-1 alpha-2
  countries.  It is {k}-anonymous over {quasi}.
  Values generalised for that: ageBroad may be a broader band ("18--26"), citizenship
  and CountryOfExploitation a UN M49 sub-region or region ("Central Asia", "Asia"),
  yearOfRegistration a period ("2020--2024").
disclosure.csv: for each of those columns, how many recorded values were published as
  they are (kept), coarser (generalised), as -99 (suppressed), or left out with their
  rows (withheld); the last line counts the rows left out.
"""


@cache
def dataset() -> dict[str, Any]:
    """The CTDC global dataset's columns and codings."""
    return reference("ctdc-global-dataset")


@cache
def mapping() -> dict[str, Any]:
    return reference("ctdc")


def _missing() -> int:
    missing: int = dataset()["missing"]
    return missing


def quasi_identifiers() -> list[str]:
    return list(mapping()["hierarchies"])


def _columns(prefix: str) -> list[str]:
    """A group's flag columns, without its NotSpecified and Concatenated columns
    (isAbduction is a recruitment flag, not a form of exploitation)."""
    return [
        c
        for c in dataset()["columns"]
        if c.startswith(prefix)
        and not c.endswith(("NotSpecified", "Concatenated"))
        and c != "isAbduction"
    ]


def _band(age: int | None) -> str | None:
    """The CTDC age band ("18--20") of an age, from the register's CTDC bands."""
    if age is None:
        return None
    for term in vocabulary("age_band"):
        low, high = int(term.attrs["min"]), term.attrs["max"]
        if age >= low and (not high or age <= int(high)):
            return term.code.replace("-", "--")
    return None


def _majority(age: int | None) -> str | None:
    return None if age is None else ("Minor" if age < 18 else "Adult")


def _group(
    values: Row, name: str, columns: list[str], chosen: list[str], labels: list[str]
) -> None:
    """Fill a group of flags: 1 or 0 once anything in it is recorded, else missing;
    with its NotSpecified flag (where the dataset has one) and Concatenated text."""
    missing, header = _missing(), dataset()["columns"]
    for column in columns:
        values[column] = (1 if column in chosen else 0) if chosen else missing
    if f"{name}NotSpecified" in header:
        values[f"{name}NotSpecified"] = 0 if chosen else 1
    if f"{name}Concatenated" in header:
        values[f"{name}Concatenated"] = mapping()["concatenated_separator"].join(labels) or missing


def _label(vocab: str, codes: list[str], prefix: str) -> list[str]:
    return [vocabulary(vocab).label(c.removeprefix(prefix)) for c in codes]


def ctdc_row(record: Record, registration_age: int | None) -> Row:
    """One victim in the dataset's columns (before k-anonymisation)."""
    spec, missing = mapping(), _missing()
    row, parts = record.row, record.parts
    exploitation = parts["exploitation"]
    exploited_in = [m.country for m in parts["movements"] if m.stage == "exploitation"]
    relation = spec["recruiter"].get(row.recruiter_relationship or "")
    values: Row = {
        "yearOfRegistration": row.identified_on.year if row.identified_on else None,
        "Datasource": spec["datasource"],
        "gender": spec["genders"].get(row.sex or ""),
        "ageBroad": _band(registration_age),
        "majorityStatus": _majority(registration_age),
        "majorityStatusAtExploit": _majority(row.age_at_exploitation),
        "majorityEntry": None,  # not recorded (ctdc.yaml)
        "citizenship": row.citizenship,
        "CountryOfExploitation": exploited_in[-1] if exploited_in else None,  # the last
        "isAbduction": None,  # not recorded
        "RecruiterRelationship": spec["labels"][relation] if relation else None,
    }
    means = [
        f"meansOfControl{m}" for m in dict.fromkeys(c.means for c in parts["means_of_control"])
    ]
    _group(
        values,
        "meansOfControl",
        _columns("meansOfControl"),
        means,
        _label("means_of_control", means, "meansOfControl"),
    )
    flags = [column for e in exploitation for column in spec["forms"][e.form]]
    exploits = list(dict.fromkeys(c for c in flags if c.startswith("is")))
    if "isForcedLabour" in exploits and "isSexualExploit" in exploits:
        exploits.append("isSexAndLabour")
    labels = [spec["labels"][c] for c in exploits]
    _group(values, "typeOfExploit", _columns("is"), exploits, labels)
    sectors = [f"typeOfLabour{e.labour_sector}" for e in exploitation if e.labour_sector]
    labour = list(dict.fromkeys(sectors + [c for c in flags if c.startswith("typeOfLabour")]))
    labour_labels = _label("labour_sector", labour, "typeOfLabour")
    _group(values, "typeOfLabour", _columns("typeOfLabour"), labour, labour_labels)
    if not labour and "isForcedLabour" not in exploits:
        values["typeOfLabourNotSpecified"] = None  # no labour exploitation to specify
    kinds = [
        f"typeOfSex{t}" for t in dict.fromkeys(e.sex_exploitation_type for e in exploitation) if t
    ]
    sex_labels = _label("sex_exploitation_type", kinds, "typeOfSex")
    _group(values, "typeOfSex", _columns("typeOfSex"), kinds, sex_labels)
    chosen = [f"recruiterRelation{relation}"] if relation else []
    _group(values, "recruiterRelation", _columns("recruiterRelation"), chosen, [])
    return {c: missing if values[c] is None else values[c] for c in dataset()["columns"]}


def _period(year: object) -> str:
    size = int(mapping()["year_period"])
    start = int(str(year)) // size * size
    return f"{start}--{start + size - 1}"


def _broad(band: object) -> object:
    for broad, bands in mapping()["broad_ages"].items():
        if band in bands:
            return broad
    return _missing()


def _place(level: str) -> Coarsen:
    def coarsen(code: object) -> object:
        found = area(str(code))
        value = getattr(found, level) if found is not None else ""
        return value or _missing()

    return coarsen


def hierarchies() -> dict[str, Hierarchy]:
    """Each quasi-identifier's coarser levels (``ctdc.yaml``), finest first."""
    how: dict[str, Coarsen | None] = {
        "broad": _broad,
        "subregion": _place("subregion"),
        "region": _place("region"),
        "period": _period,
        "suppress": None,
    }
    return {
        column: [how[level] for level in levels]
        for column, levels in mapping()["hierarchies"].items()
    }


def registration_ages(scope: ExportScope) -> dict[int, int]:
    """Victim id → age at registration, where the person's birth year may be used: the
    person is visible and not protected (a protected person's birth date never leaves)."""
    query = (
        select(Victim.id, Victim.identified_on, Person.birth_year)
        .join(Person, and_(Person.id == Victim.person_id, visible(Person, scope.viewer)))
        .where(
            visible(Victim, scope.viewer),
            Person.is_protected.is_(False),
            Person.birth_year.is_not(None),
            Victim.identified_on.is_not(None),
        )
    )
    return {
        victim: when.year - born
        for victim, when, born in stream(scope.session, query)
        if 0 <= when.year - born <= 120
    }


def anonymised(scope: ExportScope, k: int) -> Anonymised:
    ages = registration_ages(scope)
    rows = [ctdc_row(record, ages.get(record.row.id)) for record in records(scope, Victim)]
    return k_anonymise(rows, hierarchies(), k, _missing())


def write_ctdc(
    scope: ExportScope, path: Path, k: int, tick: Callable[[int], None] | None = None
) -> int:
    """Write the k-anonymised table and its disclosure report; returns the rows
    published (those left out are counted as ``victim_withheld``)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    result = anonymised(scope, k)
    columns = dataset()["columns"]
    quasi = quasi_identifiers()
    with Bundle(path) as bundle:
        bundle.text("README.txt", README.format(k=k, quasi=", ".join(quasi)))
        with bundle.csv("ctdc.csv") as out:
            out.writerow(columns)
            out.writerows([row[c] for c in columns] for row in result.rows)
        with bundle.csv("disclosure.csv") as out:
            out.writerow(["column", "recorded", "kept", "generalised", "suppressed", "withheld"])
            for column in quasi:
                loss = result.loss[column]
                out.writerow(
                    [
                        column,
                        loss.recorded,
                        loss.kept,
                        loss.generalised,
                        loss.suppressed,
                        loss.withheld,
                    ]
                )
            out.writerow(
                [
                    "rows",
                    len(result.rows) + result.withheld,
                    len(result.rows),
                    0,
                    0,
                    result.withheld,
                ]
            )
    if tick is not None:
        tick(len(result.rows))
    scope.count("victim", len(result.rows))
    if result.withheld:
        scope.count("victim_withheld", result.withheld)
    return len(result.rows)
