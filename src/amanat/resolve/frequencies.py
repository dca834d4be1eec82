"""How common a name or a birth date is among people, not among records.

Splink's term-frequency adjustment makes "Мухаммад" weak evidence and "Латифиён" strong.
It counts records, so a person recorded by five agencies makes their own name look common
and their five records look less alike: the adjustment works against the very duplicates
it should find.  Here a value is counted once per person it may belong to: a name once
per birth year it is recorded with, a birth date once per name.  Namesakes still spread
over many years and names, and one person's records count once.
"""

from __future__ import annotations

from splink import Linker
from splink.internals.splink_dataframe import SplinkDataFrame

from amanat.resolve.backends import LinkageBackend

# column -> what tells the people sharing a value apart
PEOPLE_BY = {
    "name_key": "coalesce(birth_year, -1)",
    "core_key": "coalesce(birth_year, -1)",
    "birth_date": "coalesce(core_key, name_key, '')",
}


def frequency_sql(column: str, tables: list[SplinkDataFrame]) -> str:
    rows = " UNION ALL ".join(
        f"SELECT {column} AS value, {PEOPLE_BY[column]} AS person FROM {t.physical_name}"
        for t in tables
    )
    return (
        f"WITH counted AS (SELECT value, count(DISTINCT person) AS people FROM ({rows}) AS r "
        "WHERE value IS NOT NULL GROUP BY value) "
        f"SELECT value AS {column}, "
        f"CAST(people AS DOUBLE) / (SELECT sum(people) FROM counted) AS tf_{column} FROM counted"
    )


def register_frequencies(
    backend: LinkageBackend, linker: Linker, tables: list[SplinkDataFrame]
) -> None:
    """Give ``linker`` the term frequencies of ``tables``, counted per person."""
    for column in PEOPLE_BY:
        frame = backend.create_table(f"tf_{column}", frequency_sql(column, tables))
        linker.table_management.register_term_frequency_lookup(frame, column)
