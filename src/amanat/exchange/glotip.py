"""UNODC GLOTIP indicators (CSV) in the layout of UNODC's own data file, data_glotip:
its 13 columns in order, its indicator, dimension, category, sex and age labels
(``data/glotip-layout.yaml``), countries as UN M49 names them, counts under 5 as "<5".

Each indicator is published for a country and year by sex (Female, Male, Unknown) and
age (0 to 17 years, 18 years or over, Unknown), with the Total rows UNODC publishes: by
sex for all ages, by age for both sexes, and the total.  Detected victims are also
published by form of exploitation (UNODC's three: a victim counts once in each form
suffered, so forms do not add up to the total) and by citizenship (total only; a
victim without one is "Unknown", so citizenships add up to the total).  How register
records are counted is ``data/glotip.yaml``.  Only what the exporting user may see is
counted.

Totals let a "<5" be worked out by subtraction, so every table goes through the
statistics' disclosure control (``analyze.disclosure``): further cells are hidden as
"x" until no hidden count can be derived from what is shown — for victims, from the
sex-and-age table and the citizenship breakdown of its total together — or, where too
few people make that impossible, all are withheld ("–").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import and_, select

from amanat.access.visibility import visible
from amanat.analyze.disclosure import (
    PRIMARY,
    PUBLISHED,
    SECONDARY,
    Line,
    protect_cells,
    table_lines,
    with_totals,
)
from amanat.cells import CsvWriter
from amanat.exchange.reference import area, reference
from amanat.exchange.scope import ExportScope, Record, records, stream
from amanat.register import Case, Organisation, Person, PipelineEvent, Victim
from amanat.vocab import vocabulary

TOTAL, UNKNOWN = "Total", "Unknown"
VICTIMS = "victims_detected"
BY_FORM, BY_CITIZENSHIP = "by form of exploitation", "by citizenship"
SEXES = ("Female", "Male", UNKNOWN)
AGES = ("0 to 17 years", "18 years or over", UNKNOWN)
# (country, indicator, dimension, category, sex, age, year): country an ISO alpha-2
# code ("" where unknown), indicator a key of glotip.yaml, the rest UNODC's labels.
Key = tuple[str, str, str, str, str, str, int]
Table = tuple[str, str, int]  # country, indicator, year


@cache
def layout() -> dict[str, Any]:
    """UNODC's data_glotip layout."""
    return reference("glotip-layout")


@cache
def definitions() -> dict[str, Any]:
    """How register records are counted, checked against UNODC's labels."""
    spec = reference("glotip")
    official = layout()
    labels = [i["indicator"] for i in spec["indicators"].values()]
    unknown = [label for label in labels if label not in official["indicators"]]
    unknown += [f for f in spec["forms"].values() if f not in official["forms_of_exploitation"]]
    if unknown:
        raise ValueError(f"glotip.yaml: {unknown} are not UNODC GLOTIP labels")
    return spec


def _age(years: int | None) -> str:
    if years is None:
        return UNKNOWN
    return AGES[0] if years < 18 else AGES[1]


def _sex(sex: str | None) -> str:
    sexes: dict[str, str] = definitions()["sexes"]
    return sexes.get(sex or "", UNKNOWN)


def _citizenship(code: str | None) -> str:
    if not code:
        return UNKNOWN
    found = area(code)
    return found.name if found is not None else vocabulary("country").label(code)


def _victim_keys(record: Record, country: str) -> Iterator[Key]:
    row = record.row
    if row.identified_on is None:
        return
    sex, age, year = _sex(row.sex), _age(row.age_at_exploitation), row.identified_on.year
    yield (country, VICTIMS, TOTAL, TOTAL, sex, age, year)
    forms = definitions()["forms"]
    for category in dict.fromkeys(forms[e.form] for e in record.parts["exploitation"]):
        yield (country, VICTIMS, BY_FORM, category, sex, age, year)
    yield (country, VICTIMS, BY_CITIZENSHIP, _citizenship(row.citizenship), TOTAL, TOTAL, year)


def count_victims(scope: ExportScope, counts: Counter[Key]) -> None:
    countries = {
        i: c for i, c in scope.session.execute(select(Organisation.id, Organisation.country))
    }
    for record in records(scope, Victim):
        counts.update(_victim_keys(record, countries.get(record.row.org_id) or ""))


def count_pipeline(scope: ExportScope, counts: Counter[Key]) -> None:
    spec = definitions()
    indicator_of = {
        stage: name
        for name, indicator in spec["indicators"].items()
        for stage in indicator.get("stages", [])
    }
    viewer = scope.viewer
    query = (
        select(
            PipelineEvent.stage,
            PipelineEvent.occurred_on,
            PipelineEvent.person_id,
            Case.jurisdiction,
            Person.sex,
            Person.birth_year,
        )
        .select_from(PipelineEvent)
        .join(Case, and_(Case.id == PipelineEvent.case_id, visible(Case, viewer)))
        .outerjoin(Person, and_(Person.id == PipelineEvent.person_id, visible(Person, viewer)))
        .where(
            visible(PipelineEvent, viewer),
            PipelineEvent.stage.in_(list(indicator_of)),
            PipelineEvent.person_id.is_not(None),
            Case.case_type.in_(spec["case_types"]),
        )
    )
    seen: set[tuple[str, int, int]] = set()
    for stage, when, person_id, jurisdiction, sex, birth_year in stream(scope.session, query):
        indicator = indicator_of[stage]
        if (indicator, person_id, when.year) in seen:
            continue  # one person once per indicator and year, whatever the events
        seen.add((indicator, person_id, when.year))
        age = _age(when.year - birth_year if birth_year else None)
        counts[(jurisdiction or "", indicator, TOTAL, TOTAL, _sex(sex), age, when.year)] += 1


def _shown(count: int, status: int, small: int) -> str:
    if status == PUBLISHED:
        return f"{count:,}"  # UNODC writes thousands with a comma: "1,282"
    if status == PRIMARY:
        return f"<{small}"
    return "x" if status == SECONDARY else "–"


def _grid(counts: Counter[Key], table: Table, dimension: str, category: str) -> np.ndarray:
    country, indicator, year = table
    return np.array(
        [
            [counts[(country, indicator, dimension, category, s, a, year)] for a in AGES]
            for s in SEXES
        ],
        dtype=np.int64,
    )


def published(counts: Counter[Key], small: int) -> dict[Key, str]:
    """Every cell to publish, Total rows included, as UNODC shows it: a count, "<5",
    or "x"/"–" where secondary suppression hides it; cells of no one are left out."""
    tables: dict[Table, dict[tuple[str, str], None]] = defaultdict(dict)
    for country, indicator, dimension, category, _, _, year in counts:
        tables[(country, indicator, year)][(dimension, category)] = None
    shown: dict[Key, str] = {}
    for table, groups in tables.items():
        country, indicator, year = table
        breakdown = sorted(c for d, c in groups if d == BY_CITIZENSHIP)
        for dimension, category in groups:
            if dimension == BY_CITIZENSHIP:
                continue
            values = with_totals(_grid(counts, table, dimension, category)).ravel()
            lines: list[Line] = table_lines((len(SEXES) + 1, len(AGES) + 1))
            parts: list[int] = []
            if (dimension, category) == (TOTAL, TOTAL) and breakdown:
                # The citizenships add up to this table's total: protect them together.
                parts = list(range(len(values), len(values) + len(breakdown)))
                lines.append((tuple(parts), len(values) - 1))
                tail = [
                    counts[(country, indicator, BY_CITIZENSHIP, c, TOTAL, TOTAL, year)]
                    for c in breakdown
                ]
                values = np.concatenate([values, np.array(tail, dtype=np.int64)])
            status = protect_cells(values, lines, small)
            cells = [(s, a) for s in (*SEXES, TOTAL) for a in (*AGES, TOTAL)]
            cells += [(TOTAL, TOTAL)] * len(parts)
            for n, (sex, age) in enumerate(cells):
                if values[n] == 0:
                    continue
                key: Key
                if n < len(values) - len(parts):
                    key = (country, indicator, dimension, category, sex, age, year)
                else:
                    citizenship = breakdown[n - (len(values) - len(parts))]
                    key = (country, indicator, BY_CITIZENSHIP, citizenship, sex, age, year)
                shown[key] = _shown(int(values[n]), int(status[n]), small)
    return shown


def _order(key: Key) -> tuple[object, ...]:
    country, indicator, dimension, category, sex, age, year = key
    official = layout()
    indicator_label = definitions()["indicators"][indicator]["indicator"]
    return (
        country,
        year,
        official["indicators"].index(indicator_label),
        official["dimensions"].index(dimension),
        category,
        official["sexes"].index(sex),
        official["ages"].index(age),
    )


def glotip_row(key: Key, value: str) -> list[object]:
    """A row in data_glotip's columns."""
    country, indicator, dimension, category, sex, age, year = key
    place = area(country)
    iso3 = vocabulary("country").term(country).attrs.get("alpha3", "") if country else ""
    name = place.name if place else (vocabulary("country").label(country) if country else "")
    return [
        iso3,
        name,
        place.region if place else "",
        place.subregion if place else "",
        definitions()["indicators"][indicator]["indicator"],
        dimension,
        category,
        sex,
        age,
        year,
        layout()["units"][0],
        value,
        definitions()["source"],
    ]


def write_glotip(scope: ExportScope, path: Path, tick: Callable[[int], None] | None) -> int:
    counts: Counter[Key] = Counter()
    count_victims(scope, counts)
    count_pipeline(scope, counts)
    values = published(counts, int(definitions()["small_count"]))
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = CsvWriter(out)
        writer.writerow(layout()["columns"])
        for key in sorted(values, key=_order):
            writer.writerow(glotip_row(key, values[key]))
    if tick is not None:
        tick(len(values))
    scope.count("indicator_rows", len(values))
    return len(values)
