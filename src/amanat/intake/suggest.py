"""A draft mapping profile guessed from a file's headings and sample values, for a
person to correct (``amanat import FILE --suggest-profile``).

Headings are matched against the English, Russian and other headings agencies use
(``data/fields.yaml``); the kind of record is the one whose headings match most.
For vocabulary columns the sample values the register would not recognise are
listed under ``values``, with a guess where a value starts a label ("муж." →
male) and ``~`` (to fill in) where it does not.  Everything guessed says so.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from amanat.intake.fields import resolve
from amanat.intake.headings import kinds_with_headings, synonyms
from amanat.intake.lookups import automatic
from amanat.intake.problems import IntakeError
from amanat.intake.readers import ReadOptions, open_table
from amanat.intake.values import lookup_key
from amanat.vocab import vocabulary

SAMPLE_ROWS = 200
_DATE_SHAPES = (
    ("dd.mm.yyyy", re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")),
    ("yyyy-mm-dd", re.compile(r"^\d{4}-\d{2}-\d{2}")),
    ("dd/mm/yyyy", re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")),
    ("mm.yyyy", re.compile(r"^\d{1,2}\.\d{4}$")),
    ("yyyy", re.compile(r"^\d{4}$")),
)
_MULTI = frozenset({"citizenship", "control", "exploitation", "phone"})


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def _samples(path: Path, options: ReadOptions) -> tuple[list[str], dict[str, list[str]], str]:
    with open_table(path, options) as table:
        values: dict[str, list[str]] = {}
        headings = list(table.headings)
        for count, row in enumerate(table):
            if count >= SAMPLE_ROWS:
                break
            cells = row.cells
            items = cells.items() if isinstance(cells, dict) else zip(headings, cells, strict=False)
            for heading, cell in items:
                if heading not in headings:
                    headings.append(heading)
                if cell not in (None, "") and not isinstance(cell, list | dict):
                    values.setdefault(heading, []).append(str(cell).strip())
        return headings, values, table.description


def _kind(headings: list[str]) -> str:
    votes = Counter(
        kind
        for kind in kinds_with_headings()
        for heading in headings
        if lookup_key(heading) in synonyms(kind)
        and synonyms(kind)[lookup_key(heading)] != "external_id"
    )
    return votes.most_common(1)[0][0] if votes else "person"


def _guess(value: str, name: str) -> str | None:
    key = lookup_key(value).rstrip(".")
    if len(key) < 2:
        return None
    for term in vocabulary(name):
        for text in term.labels.values():
            label = lookup_key(text)
            if label.startswith(key) or key.startswith(label):
                return term.code
    return None


def _numbering(headings: list[str], values: dict[str, list[str]]) -> str | None:
    """A column headed like a record number ("№ изъятия") whose samples never repeat."""
    for heading in headings:
        key = lookup_key(heading)
        samples = values.get(heading, [])
        if (
            key.startswith(("№", "no", "номер", "id"))
            and samples
            and len(set(samples)) == len(samples)
        ):
            return heading
    return None


def _date_formats(samples: list[str]) -> list[str]:
    found = [f for f, shape in _DATE_SHAPES if any(shape.match(s) for s in samples)]
    return found


def _column(kind: str, heading: str, field: str, samples: list[str]) -> list[str]:
    lines = [f"  {_quoted(heading)}:"]
    lines.append(f"    field: {field}")
    target = resolve(kind, field)
    if target.column is None or target.column.type.python_type.__name__ == "date":
        formats = _date_formats(samples)
        if formats:
            lines.append(f"    dates: [{', '.join(formats)}]  # guessed from the values")
    if field.split(".")[0].rstrip("0123456789") in _MULTI and any(
        sep in s for s in samples for sep in ",;"
    ):
        separator = ";" if any(";" in s for s in samples) else ","
        lines.append(f"    split: {_quoted(separator)}  # several values in one cell")
    name = None if target.column is None else target.column.info.get("vocabulary")
    if name is not None:
        known = automatic(str(name))
        unknown = sorted({s for s in samples if lookup_key(s) not in known})
        if unknown:
            lines.append("    values:  # check every line")
            for value in unknown[:30]:
                guess = _guess(value, str(name))
                shown = guess if guess is not None else "~"
                note = "guessed" if guess else f"TODO: a code of vocabulary {name}"
                lines.append(f"      {_quoted(value)}: {shown}  # {note}")
    return lines


def suggest_profile(path: Path, options: ReadOptions | None = None) -> str:
    """The text of a draft profile for ``path`` (YAML with comments)."""
    headings, values, description = _samples(path, options or ReadOptions())
    if not headings:
        raise IntakeError("empty_file")
    kind = _kind(headings)
    table = synonyms(kind)
    lines = [
        f"# Draft profile for {path.name} ({description}), guessed by amanat: check every line.",
        "amanat_profile: 1",
        f"kind: {kind}  # guessed from the headings",
        'marking: {tlp: AMBER, handling: H0, reliability: F, credibility: "6"}  # set yours',
    ]
    id_heading = next((h for h in headings if table.get(lookup_key(h)) == "external_id"), None)
    id_heading = id_heading or _numbering(headings, values)
    if id_heading is not None:
        lines.append(f"id: {_quoted(id_heading)}  # your own record id: re-imports update")
    else:
        lines.append('# id: "..."  # name the column with your own record id, so re-imports update')
    if any(re.match(r"^-?\d+,\d+$", v) for samples in values.values() for v in samples):
        lines.append('numbers: {decimal: ","}')
    lines.append("columns:")
    used: set[str] = set()
    for heading in headings:
        field = table.get(lookup_key(heading))
        if heading == id_heading:
            continue
        if field is None or field == "external_id":
            if field is None:
                lines.append(
                    f"  # {_quoted(heading)}: ~  # not recognised: name a field or leave out"
                )
            continue
        if field in used:
            lines.append(f"  # {_quoted(heading)}: {field}  # a second column for the same field")
            continue
        try:
            lines += _column(kind, heading, field, values.get(heading, []))
        except IntakeError:
            lines.append(f"  # {_quoted(heading)}: {field}  # not a field of {kind}")
            continue
        used.add(field)
    return "\n".join(lines) + "\n"
