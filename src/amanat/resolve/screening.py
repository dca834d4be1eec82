"""Screening a large outside registry (border crossings, migrant registrations) against a
list held in the register: candidate hits with scores and reasons.

The registry is a CSV file, one person a row: ``name`` (or ``family``, ``given``,
``patronymic``), and when known ``birth_date`` (any common form, partial or not),
``citizenship``, ``document`` (with ``document_type``), ``phone`` (with ``phone_country``,
the country a number written without its country code is read in), and a row ``id``.  Rows
are scored against the list with the register's own linkage model (the same comparisons,
with the register's name frequencies), and each candidate hit gets the field-by-field
reasons an analyst needs to decide.  Only what the user may see is on the list; every hit
is written to the audit trail (by the action, ``amanat.actions.resolution.screening``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from amanat.cells import CsvWriter
from amanat.names import parse_date
from amanat.resolve.backends import LinkageBackend
from amanat.resolve.evidence import explain
from amanat.resolve.features import feature_table
from amanat.resolve.linkage import link_between
from amanat.resolve.model_store import StoredModel
from amanat.resolve.records import PersonRecord

OUTPUT_COLUMNS = (
    "row", "name", "birth_date", "person_id", "person_name", "probability", "decision", "reasons",
)  # fmt: skip
_NAME_PARTS = ("family", "given", "patronymic")


@dataclass(frozen=True)
class Hit:
    row: str
    query: PersonRecord
    target: PersonRecord
    probability: float
    decision: str  # "hit" (above the upper threshold) or "possible"
    reasons: tuple[str, ...]


def _value(row: dict[str, str | None], *names: str) -> str:
    for name in names:
        value = (row.get(name) or "").strip()
        if value:
            return value
    return ""


def registry_record(number: int, row: dict[str, str | None]) -> tuple[str, PersonRecord]:
    """A registry row as a record; its id is negative so it never meets a register id."""
    name = _value(row, "name", "full_name") or " ".join(
        v for v in (_value(row, part) for part in _NAME_PARTS) if v
    )
    when = parse_date(_value(row, "birth_date", "dob"))
    document = _value(row, "document", "document_number", "passport")
    citizenship = _value(row, "citizenship", "nationality").upper()
    phone = _value(row, "phone")
    record = PersonRecord(
        -number,
        name,
        None,
        when.year if when else None,
        when.month if when else None,
        when.day if when else None,
        tuple(c.strip() for c in citizenship.split(",") if len(c.strip()) == 2),
        ((_value(row, "document_type") or "other", document),) if document else (),
        (phone,) if phone else (),
        written_in=_value(row, "phone_country").upper() or None,
    )
    return _value(row, "id", "row") or str(number), record


def read_registry(path: Path) -> Iterator[tuple[str, PersonRecord]]:
    with path.open(encoding="utf-8-sig", newline="") as source:
        for number, row in enumerate(csv.DictReader(source), start=1):
            yield registry_record(number, row)


def screen(
    backend: LinkageBackend,
    rows: list[tuple[str, PersonRecord]],
    targets: list[PersonRecord],
    model: StoredModel,
    threshold: float | None = None,
) -> list[Hit]:
    """Candidate hits of ``rows`` on ``targets``, best first within each row."""
    if not rows or not targets:
        return []
    floor = model.review if threshold is None else threshold
    queries = feature_table([record for _, record in rows])
    scored = link_between(backend, queries, feature_table(targets), model.settings, floor)
    by_query = {record.id: (label, record) for label, record in rows}
    by_target = {record.id: record for record in targets}
    hits: list[Hit] = []
    columns = (scored[c].to_pylist() for c in ("left_id", "right_id", "probability"))
    for left, right, probability in zip(*columns, strict=True):
        query_id, target_id = (left, right) if left < 0 else (right, left)
        label, query = by_query[query_id]
        target = by_target[target_id]
        reasons = tuple(
            f"{e.field}: {'; '.join(e.reasons)}" for e in explain(query, target) if e.reasons
        )
        decision = "hit" if probability >= model.auto_merge else "possible"
        hits.append(Hit(label, query, target, probability, decision, reasons))
    hits.sort(key=lambda h: (h.query.id * -1, -h.probability))
    return hits


def write_hits(hits: Iterable[Hit], out: TextIO) -> int:
    writer = CsvWriter(out)
    writer.writerow(OUTPUT_COLUMNS)
    count = 0
    for hit in hits:
        query = hit.query
        date = (
            "-".join(
                f"{v:02d}" for v in (query.birth_year, query.birth_month, query.birth_day) if v
            )
            if query.birth_year
            else ""
        )
        writer.writerow(
            (hit.row, query.name, date, hit.target.id, hit.target.name,
             f"{hit.probability:.4f}", hit.decision, " | ".join(hit.reasons))
        )  # fmt: skip
        count += 1
    return count
