"""A UNODC GLOTIP-style indicator table (CSV): iso3, indicator, dimension, category,
sex, age, year, value — with counts under 5 shown as "<5", as UNODC publishes.

Victims are counted by the year they were identified, in the country of the
organisation that identified them; persons in the justice pipeline by the year of
the event, in the jurisdiction of the case, each person once per indicator and year.
Only what the exporting user may see is counted.

Detected victims are published in total and by citizenship (a victim without one
counted as "unknown"), so each citizenship's cells add up to the total's: a "<5"
could be worked out by subtraction.  Those tables go through the statistics'
disclosure control (``analyze.disclosure.protect``): further cells are hidden as
"x" until no hidden count can be derived from what is shown, or, where too few
victims make that impossible, all of them are withheld ("–").  Forms of
exploitation do not add up (a victim can suffer several), and the pipeline
indicators have no published totals: there "<5" alone protects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from sqlalchemy import and_, select

from amanat.access.visibility import visible
from amanat.analyze.disclosure import protect
from amanat.cells import CsvWriter
from amanat.exchange.scope import ExportScope, Record, records, stream
from amanat.register import Case, Organisation, Person, PipelineEvent, Victim
from amanat.vocab import vocabulary

COLUMNS = ("iso3", "indicator", "dimension", "category", "sex", "age", "year", "value")
Key = tuple[str, str, str, str, str, str, int]


@cache
def definitions() -> dict[str, Any]:
    text = resources.files("amanat.exchange").joinpath("data/glotip.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def _iso3(code: str | None) -> str:
    if not code or code not in vocabulary("country"):
        return ""
    return vocabulary("country").term(code).attrs.get("alpha3", "")


def _age(years: int | None) -> str:
    if years is None:
        return "unknown"
    return "minor" if years < 18 else "adult"


def _sex(sex: str | None) -> str:
    return sex if sex in ("female", "male") else "unknown"


def _victim_keys(record: Record, country: str, lang: str) -> Iterator[Key]:
    row = record.row
    if row.identified_on is None:
        return
    base = (_iso3(country), "victims_detected")
    sex, age, year = _sex(row.sex), _age(row.age_at_exploitation), row.identified_on.year
    yield (*base, "total", "total", sex, age, year)
    forms = vocabulary("exploitation_form")
    for form in dict.fromkeys(e.form for e in record.parts["exploitation"]):
        yield (*base, "form_of_exploitation", forms.label(form, lang), sex, age, year)
    citizenship = _iso3(row.citizenship) if row.citizenship else ""
    yield (*base, "citizenship", citizenship or "unknown", sex, age, year)


def count_victims(scope: ExportScope, counts: Counter[Key]) -> None:
    countries = {
        i: c for i, c in scope.session.execute(select(Organisation.id, Organisation.country))
    }
    for record in records(scope, Victim):
        counts.update(_victim_keys(record, countries.get(record.row.org_id) or "", scope.lang))


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
        counts[(_iso3(jurisdiction), indicator, "total", "total", _sex(sex), age, when.year)] += 1


def shown(count: int, small: int) -> str:
    return f"<{small}" if 0 < count < small else str(count)


SEXES, AGES = ("female", "male", "unknown"), ("adult", "minor", "unknown")
COLUMNS_OF_TABLE = [(sex, age) for sex in SEXES for age in AGES]


def published(counts: Counter[Key], small: int) -> dict[Key, str]:
    """Every count as published: "<5" below ``small``, and the citizenship tables
    with their totals protected by secondary suppression."""
    values = {key: shown(n, small) for key, n in counts.items()}
    tables: dict[tuple[str, str, int], list[Key]] = {}
    for key in counts:
        if key[2] == "citizenship":
            tables.setdefault((key[0], key[1], key[6]), []).append(key)
    for (iso3, indicator, year), keys in tables.items():
        categories = sorted({k[3] for k in keys})
        cells = np.array(
            [
                [
                    counts[(iso3, indicator, "citizenship", c, s, a, year)]
                    for s, a in COLUMNS_OF_TABLE
                ]
                for c in categories
            ],
            dtype=np.int64,
        )
        table = protect(cells, small).shown()
        rows = [(("citizenship", c), line) for c, line in zip(categories, table, strict=False)]
        rows.append((("total", "total"), table[-1]))  # the totals row is the total
        for (dimension, category), line in rows:
            for (sex, age), value in zip(COLUMNS_OF_TABLE, line, strict=False):
                key = (iso3, indicator, dimension, category, sex, age, year)
                if key in values:
                    values[key] = str(value)
    return values


def write_glotip(scope: ExportScope, path: Path, tick: Callable[[int], None] | None) -> int:
    counts: Counter[Key] = Counter()
    count_victims(scope, counts)
    count_pipeline(scope, counts)
    small = int(definitions()["small_count"])
    values = published(counts, small)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = CsvWriter(out)
        writer.writerow(COLUMNS)
        for key in sorted(counts, key=lambda k: (k[0], k[1], k[2], k[3], k[6], k[4], k[5])):
            writer.writerow([*key, values[key]])
    if tick is not None:
        tick(len(counts))
    scope.count("indicator_rows", len(counts))
    return len(counts)
