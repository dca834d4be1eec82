"""Screening an outside registry: hits with scores and reasons, within what the user sees."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from tests.resolve.conftest import TinyRegister

from amanat.register import Case, CaseRole
from amanat.resolve.backends import duckdb_backend
from amanat.resolve.features import phones
from amanat.resolve.lists import UnknownList, list_records
from amanat.resolve.model_store import current_model
from amanat.resolve.run import RunOptions, resolve
from amanat.resolve.screening import read_registry, registry_record, screen, write_hits
from amanat.store.engine import session_factory, transaction

REGISTRY = """id,name,birth_date,citizenship,document,phone
B-1,DZHUMANBEKOV YERLAN,14.03.1985,KZ,,
B-2,Иванова Александра,05.05.1990,RU,,
B-3,UNKNOWN,01.01.1900,,,
B-4,X,,,000000,
B-5,Smith John,1970,GB,,
"""


def registry(tmp_path: Path) -> Path:
    path = tmp_path / "crossings.csv"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def test_registry_rows_find_their_people_with_reasons(tiny: TinyRegister, tmp_path: Path) -> None:
    resolve(tiny.engine, RunOptions())
    rows = list(read_registry(registry(tmp_path)))
    with session_factory(tiny.engine)() as session:
        model = current_model(session, "person")
        targets = list_records(session, tiny.analyst, "all")
    assert model is not None
    hits = screen(duckdb_backend(), rows, targets, model)
    found = {(h.row, h.target.id) for h in hits if h.decision == "hit"}
    assert {("B-1", r) for r in tiny.ids["erlan"]} <= found
    assert ("B-1", tiny.id("hidden")) not in {(h.row, h.target.id) for h in hits}
    assert not {h.row for h in hits} & {"B-3", "B-4", "B-5"}  # noise and strangers
    assert all(h.target.id != tiny.id("ivanov") for h in hits)  # a woman is not her namesake
    first = next(h for h in hits if h.row == "B-1")
    assert any(r.startswith("name:") and "same phonetic key" in r for r in first.reasons)
    assert any(r.startswith("birth date:") for r in first.reasons)
    out = io.StringIO()
    assert write_hits(hits, out) == len(hits)
    assert out.getvalue().splitlines()[0].startswith("row,name,birth_date,person_id")


def test_the_wanted_list_holds_suspects_not_yet_arrested(tiny: TinyRegister) -> None:
    with transaction(tiny.engine) as session:
        kz_org = tiny.analyst.org_id
        case = Case(org_id=kz_org, case_type="tip", jurisdiction="KZ")
        session.add(case)
        session.flush()
        session.add(
            CaseRole(org_id=kz_org, case_id=case.id, person_id=tiny.id("marat"), role="suspect")
        )
    with session_factory(tiny.engine)() as session:
        wanted = list_records(session, tiny.analyst, "wanted")
        with pytest.raises(UnknownList):
            list_records(session, tiny.analyst, "missing")
    assert [r.id for r in wanted] == [tiny.id("marat")]


def test_a_registry_row_names_the_country_its_phone_was_written_in() -> None:
    _, row = registry_record(1, {"name": "X", "phone": "8 701 234 56 78", "phone_country": "kz"})
    assert row.written_in == "KZ" and phones(row) == ["+77012345678"]
    _, row = registry_record(2, {"name": "X", "phone": "8 701 234 56 78"})
    assert phones(row) == []  # written nobody knows where
