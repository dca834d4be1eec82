"""A JSON export: every kind of record the user may see, each record with its parts,
written as it is read so the file can be of any size.

    {"format": "amanat-export/1", "records": {"person": [{...,"names": [...]}], ...}}
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from amanat.exchange.scope import ExportScope, Record, records
from amanat.exchange.workbook import SHEETS
from amanat.register import RECORD_KINDS
from amanat.register.system import Shown, hidden_from


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _part(row: Any) -> dict[str, object]:
    return {k: _plain(v) for k, v in row._mapping.items() if v is not None and k != "id"}


def as_document(record: Record, hidden: frozenset[str]) -> dict[str, object]:
    """The record as exported, without the system fields ``hidden`` from exports."""
    values = {k: _plain(v) for k, v in record.row._mapping.items() if k not in hidden}
    for relation, rows in record.parts.items():
        values[relation] = [_part(r) for r in rows]
    if record.protected:
        values["pseudonym"] = record.pseudonym
        if record.identity is not None:
            values["identity"] = {
                "names": record.identity.names,
                "birth_year": record.identity.birth_year,
                "citizenships": record.identity.citizenships,
                "documents": record.identity.documents,
            }
    return values


def write_json(scope: ExportScope, path: Path, tick: Callable[[int], None] | None) -> int:
    count = 0
    encode = json.JSONEncoder(ensure_ascii=False).encode
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "amanat-export/1", "records": {')
        for position, kind in enumerate(SHEETS):
            out.write(("," if position else "") + f"\n{encode(kind)}: [")
            written = 0
            model = RECORD_KINDS[kind]
            hidden = hidden_from(model, Shown.EXPORT)
            for record in records(scope, model):
                out.write(("," if written else "") + "\n" + encode(as_document(record, hidden)))
                written += 1
                count += 1
                if tick is not None and not count % 10_000:
                    tick(count)
            out.write("]")
            scope.count(kind, written)
        out.write("}}\n")
    return count
