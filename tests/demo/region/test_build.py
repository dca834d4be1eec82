"""Building a region: what each size promises, and what the builder refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from tests.demo.region.conftest import BuildSqlite, Built

from amanat.demo.region import SIZES, RegisterNotReady, build_region
from amanat.register import Person
from amanat.store.engine import make_engine


def test_tiny_keeps_its_promises(tiny_region: Built) -> None:
    size = SIZES["tiny"]
    counts = tiny_region.counts
    assert counts["case_file"] >= size.cases
    assert counts["person"] >= size.person_records
    assert counts["pipeline_event"] >= size.pipeline_events
    # The sizes are met together, not one of them many times over.
    assert counts["case_file"] < 1.6 * size.cases
    assert counts["person"] < 1.6 * size.person_records
    assert counts["storage_loss"] == size.storage_losses
    assert counts["organisation"] >= 20


def test_counts_are_the_rows_in_the_database(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        for table, count in tiny_region.counts.items():
            assert connection.scalar(text(f'SELECT count(*) FROM "{table}"')) == count, table


def test_small_keeps_its_promises(build_sqlite: BuildSqlite) -> None:
    built = build_sqlite("small", 3, "small")
    size = SIZES["small"]
    assert size.cases <= built.counts["case_file"] < 1.3 * size.cases
    assert size.person_records <= built.counts["person"] < 1.5 * size.person_records
    assert built.counts["pipeline_event"] >= size.pipeline_events


def test_large_promises_what_the_issue_asks() -> None:
    large = SIZES["large"]
    assert large.person_records >= 1_000_000
    assert large.cases >= 200_000
    assert large.pipeline_events >= 2_000_000


def test_a_register_with_records_is_refused(tiny_region: Built, tmp_path: Path) -> None:
    with pytest.raises(RegisterNotReady, match="not empty"):
        build_region(tiny_region.engine, "tiny", 1, tmp_path / "truth.csv")


def test_an_unmigrated_database_is_refused(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'bare.sqlite'}")
    with pytest.raises(RegisterNotReady, match="not migrated"):
        build_region(engine, "tiny", 1, tmp_path / "truth.csv")
    engine.dispose()


def test_an_unknown_size_is_refused(sqlite_engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown demo size 'huge'"):
        build_region(sqlite_engine, "huge", 1, tmp_path / "truth.csv")


def test_progress_reports_rows_per_table(sqlite_engine: Engine, tmp_path: Path) -> None:
    reported: dict[str, int] = {}

    def progress(table: str, rows: int) -> None:
        reported[table] = reported.get(table, 0) + rows

    counts = build_region(sqlite_engine, "tiny", 2, tmp_path / "truth.csv", progress)
    assert reported == counts


def test_ordinary_records_can_be_added_after_a_build(tiny_region: Built) -> None:
    with Session(tiny_region.engine) as session:
        person = Person(org_id=1, sex="female")
        session.add(person)
        session.flush()
        assert person.id == tiny_region.counts["person"] + 1
        session.rollback()
