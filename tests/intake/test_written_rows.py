"""Every row an import writes, column by column, against a snapshot of what the
import wrote before its writing was made faster (``data/written_rows.json``): the
fast path may change how rows get into the register, never what the register holds.

Regenerate the snapshot only for a deliberate change of what is written:
``AMANAT_WRITE_SNAPSHOT=1 pytest tests/intake/test_written_rows.py``.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

from sqlalchemy import Engine, text
from tests.intake.conftest import Importer

SNAPSHOT = Path(__file__).parent / "data" / "written_rows.json"
TABLES = ("person", "person_name", "person_name_key", "citizenship", "identity_document")
TABLES += ("person_phone",)
STAMPS = {"submitted_at", "updated_at"}  # the moment of the import: only that they are set
GLOBAL_ID = "global_id"  # random: only that it is a UUID in its canonical form


def _value(key: str, value: object) -> object:
    if key in STAMPS:
        return value is not None
    if key == GLOBAL_ID:
        return str(uuid.UUID(str(value))) == value
    return value


# Empty cells in every column somewhere, a name of one word and of four, a number
# that is no number, a document and citizenships on some rows only.
PEOPLE = """Номер;Фамилия;Имя;Отчество;Пол;Дата рождения;Гражданство;Паспорт;Телефон
P-1;Асанов;Бакыт;Жумабекович;муж.;14.03.1985;KG;AC1234567;+996 555 123456
P-2;Иванова;Мария;;жен.;00.00.1990;KZ, RU;;
P-3;Karimov;Timur;;;1979;;;8 (701) 234-56-78
P-4;Садыков;;;муж.;;Узбекистан;AC7654321;нет
P-5;Нурланов;Ерлан;Маратович Кызы;;03.1999;KZ;;
"""
PROFILE: dict[str, object] = {
    "kind": "person",
    "id": "Номер",
    "marking": {"tlp": "AMBER", "handling": "H1", "reliability": "B", "credibility": "2"},
    "columns": {
        "Фамилия": "name.family",
        "Имя": "name.given",
        "Отчество": "name.patronymic",
        "Пол": {"field": "sex", "values": {"муж.": "male", "жен.": "female"}},
        "Дата рождения": "birth_date",
        "Гражданство": {"field": "citizenship", "split": ","},
        "Паспорт": {"field": "document.number", "set": {"doc_type": "national_passport"}},
        "Телефон": "phone",
    },
}


def _written(engine: Engine) -> dict[str, list[dict[str, object]]]:
    found: dict[str, list[dict[str, object]]] = {}
    with engine.connect() as connection:
        for table in TABLES:
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).mappings()
            found[table] = sorted(
                ({k: _value(k, v) for k, v in row.items()} for row in rows),
                key=lambda row: json.dumps(row, sort_keys=True, default=str),
            )
    return json.loads(json.dumps(found, default=str))  # as the snapshot reads back


def test_an_import_writes_what_it_wrote_before(registered: Engine, run_import: Importer) -> None:
    assert run_import("people.csv", PEOPLE, PROFILE).written
    written = _written(registered)
    if os.environ.get("AMANAT_WRITE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(written, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert written == json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert len(written["person_name_key"]) > len(written["person_name"]) > 0
