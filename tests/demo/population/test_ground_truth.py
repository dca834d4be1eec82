from __future__ import annotations

from pathlib import Path

import pytest

from amanat.demo.population import GroundTruthWriter, read_ground_truth


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "truth" / "ground_truth.csv"
    rows = [
        ("person", i, i // 3, ("icao", "russian_cyrillic", "uz_latin")[i % 3]) for i in range(25)
    ]
    with GroundTruthWriter(path, chunk_size=10) as truth:
        for row in rows:
            truth.write(*row)
        assert truth.rows_written == 20  # two full chunks on disk, five still buffered
    assert truth.rows_written == 25
    assert list(read_ground_truth(path)) == rows


def test_values_with_commas_and_quotes_survive(tmp_path: Path) -> None:
    path = tmp_path / "gt.csv"
    with GroundTruthWriter(path) as truth:
        truth.write('victim,"quoted"', 1, 2, "icao")
    assert list(read_ground_truth(path)) == [('victim,"quoted"', 1, 2, "icao")]


def test_writing_outside_the_block_fails(tmp_path: Path) -> None:
    truth = GroundTruthWriter(tmp_path / "gt.csv")
    with pytest.raises(RuntimeError):
        truth.write("person", 1, 1, "icao")


def test_a_file_that_is_not_ground_truth_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a ground-truth file"):
        list(read_ground_truth(path))
