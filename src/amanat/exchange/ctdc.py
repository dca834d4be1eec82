"""A CTDC-style victim table (CSV): one row per visible victim, no identifiers, no
dates finer than the year, k-anonymised over its quasi-identifiers (k = 11 by
default, as CTDC publishes).

Column names follow the Counter Trafficking Data Collaborative's global dataset:
``yearOfRegistration``, ``gender``, ``ageBroad``, ``majorityStatus``, ``citizenship``,
``CountryOfExploitation``, then 0/1 flags for each form of exploitation, means of
control and recruiter relation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from amanat.cells import CsvWriter
from amanat.exchange.kanon import Row, k_anonymise
from amanat.exchange.scope import ExportScope, Record, records
from amanat.register import Victim
from amanat.vocab import vocabulary

QUASI_IDENTIFIERS = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
)
# What is given up first when a class is too small: the finest detail first.
COARSENING = (
    "ageBroad",
    "CountryOfExploitation",
    "citizenship",
    "yearOfRegistration",
    "majorityStatus",
    "gender",
)
GENDER = {"male": "Male", "female": "Female"}
RECRUITER = {"IntimatePartner": "IntimatePartner", "Family": "Family", "Friend": "Friend"}


def _age_band(age: int | None) -> tuple[str, str]:
    if age is None:
        return "", ""
    for term in vocabulary("age_band"):
        low, high = int(term.attrs["min"]), term.attrs["max"]
        if age >= low and (not high or age <= int(high)):
            return term.code, "Minor" if term.attrs["unodc"] == "minor" else "Adult"
    return "", ""


def flag_columns() -> list[str]:
    columns = [f"is{t.code}" for t in vocabulary("exploitation_form")]
    columns += [f"meansOfControl{t.code}" for t in vocabulary("means_of_control")]
    columns += [f"typeOfLabour{t.code}" for t in vocabulary("labour_sector")]
    columns += [f"typeOfSex{t.code}" for t in vocabulary("sex_exploitation_type")]
    columns += [f"recruiterRelation{r}" for r in ("IntimatePartner", "Family", "Friend", "Other")]
    return columns


def ctdc_row(record: Record) -> Row:
    row = record.row
    band, majority = _age_band(row.age_at_exploitation)
    exploitation = record.parts["exploitation"]
    exploited_in = [m.country for m in record.parts["movements"] if m.stage == "exploitation"]
    values: Row = {
        "yearOfRegistration": row.identified_on.year if row.identified_on else "",
        "gender": GENDER.get(row.sex or "", ""),
        "ageBroad": band,
        "majorityStatus": majority,
        "citizenship": row.citizenship or "",
        "CountryOfExploitation": exploited_in[0] if exploited_in else "",
    }
    flags = {f"is{e.form}" for e in exploitation}
    flags |= {f"meansOfControl{c.means}" for c in record.parts["means_of_control"]}
    flags |= {f"typeOfLabour{e.labour_sector}" for e in exploitation if e.labour_sector}
    flags |= {
        f"typeOfSex{e.sex_exploitation_type}" for e in exploitation if e.sex_exploitation_type
    }
    relation = row.recruiter_relationship
    if relation and relation != "Unknown":
        flags.add(f"recruiterRelation{RECRUITER.get(relation, 'Other')}")
    for column in flag_columns():
        values[column] = 1 if column in flags else 0
    return values


def write_ctdc(
    scope: ExportScope, path: Path, k: int, tick: Callable[[int], None] | None = None
) -> int:
    """Write the k-anonymised table; returns the rows published (some may be dropped)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    rows = [ctdc_row(record) for record in records(scope, Victim)]
    published = k_anonymise(rows, QUASI_IDENTIFIERS, COARSENING, k)
    columns = [*QUASI_IDENTIFIERS, "Datasource", *flag_columns()]
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = CsvWriter(out)
        writer.writerow(columns)
        for row in published:
            row["Datasource"] = "Amanat"
            writer.writerow([row[c] for c in columns])
    if tick is not None:
        tick(len(published))
    scope.count("victim", len(published))
    return len(published)
