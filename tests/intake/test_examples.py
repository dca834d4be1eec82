"""The example files and profiles in docs/intake import as documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from tests.intake.conftest import import_as

from amanat.actions.intake import ImportRequest
from amanat.intake.profile import load_profile
from amanat.register import Case, SeizedDrug, Seizure
from amanat.store.engine import session_factory

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "intake"


@pytest.mark.parametrize(
    ("data", "profile", "kind", "rows"),
    [
        ("persons-ru.xlsx", "persons-ru.yaml", "person", 4),
        ("seizures-cp1251.csv", "seizures-cp1251.yaml", "seizure", 3),
        ("cases.json", "cases.yaml", "case", 3),
    ],
)
def test_each_example_imports_cleanly(
    registered: Engine, data: str, profile: str, kind: str, rows: int
) -> None:
    request = ImportRequest(EXAMPLES / data, load_profile(EXAMPLES / profile))
    result = import_as(registered, request)
    assert result.ok, [(e.row, e.column, e.value, e.reason()) for e in result.errors]
    assert result.counts[kind].created == rows


def test_the_windows_1251_seizures_keep_their_russian_text(registered: Engine) -> None:
    request = ImportRequest(
        EXAMPLES / "seizures-cp1251.csv", load_profile(EXAMPLES / "seizures-cp1251.yaml")
    )
    import_as(registered, request)
    with session_factory(registered)() as session:
        concealments = {s.concealment for s in session.scalars(select(Seizure))}
        heroin = session.scalars(select(SeizedDrug).where(SeizedDrug.substance == "heroin")).one()
    assert "в бензобаке грузовика" in concealments
    assert float(heroin.quantity_kg) == 1234.5


def test_json_cases_carry_their_charges(registered: Engine) -> None:
    request = ImportRequest(EXAMPLES / "cases.json", load_profile(EXAMPLES / "cases.yaml"))
    import_as(registered, request)
    with session_factory(registered)() as session:
        case = session.scalars(select(Case).where(Case.external_id == "UZ-PR-2024-0031")).one()
        assert sorted(c.article for c in case.charges) == ["135", "137"]
        assert (case.jurisdiction, case.status) == ("UZ", "investigation")
