"""Name and birth-date frequencies, counted per person (``resolve/frequencies.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import duckdb
import pyarrow as pa
from splink.internals.splink_dataframe import SplinkDataFrame

from amanat.resolve.frequencies import frequency_sql


@dataclass
class _Table:
    physical_name: str


def frequencies(rows: list[tuple[str, int, int | None]]) -> dict[str, float]:
    """tf_name_key of (name_key, name_size, birth_year) rows."""
    people = pa.table(
        {
            "name_key": [r[0] for r in rows],
            "name_size": [r[1] for r in rows],
            "birth_year": [r[2] for r in rows],
        }
    )
    con = duckdb.connect()
    con.register("people", people)
    sql = frequency_sql("name_key", [cast(SplinkDataFrame, _Table("people"))])
    return dict(con.sql(sql).fetchall())


def test_one_persons_records_count_once_and_a_missing_year_adds_no_one() -> None:
    one_man = [("A B", 2, 1980), ("A B", 2, 1980), ("A B", 2, None)]
    namesakes = [("C D", 2, 1970), ("C D", 2, 1990)]
    tf = frequencies([*one_man, *namesakes])
    assert tf["C D"] == 2 * tf["A B"]


def test_a_name_seen_once_is_smoothed_and_names_count_among_their_length() -> None:
    two = [(f"N{i} M", 2, 1980) for i in range(4)] + [("P Q", 2, 1970), ("P Q", 2, 1990)]
    tf = frequencies([*two, ("X Y Z", 3, 1980)])
    # two-word names: four seen once, one held by two people: Good–Turing gives a name
    # seen once 2·1/4 of a person
    assert abs(tf["N0 M"] / tf["P Q"] - 0.25) < 1e-9
    # the three-word name is the only one of its length: its share of the three-word
    # class (1 of 7 people) scales its frequency down
    assert tf["X Y Z"] < tf["N0 M"]
