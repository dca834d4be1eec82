"""How common a name or a birth date is among people, not among records.

Splink's term-frequency adjustment makes "Мухаммад" weak evidence and "Латифиён" strong.
It counts records, so a person recorded by five agencies makes their own name look common
and their five records look less alike: the adjustment works against the very duplicates
it should find.  Here a value is counted once per person it may belong to: a name once
per birth year it is recorded with, a birth date once per name.  Namesakes still spread
over many years and names, and one person's records count once.  A name is counted among
names of its length, and a name held by one person only is smoothed (see ``WITHIN``,
``LEAST_ONCE``).
"""

from __future__ import annotations

from splink import Linker
from splink.internals.splink_dataframe import SplinkDataFrame

from amanat.resolve.backends import LinkageBackend

# column -> what tells the people sharing a value apart
PEOPLE_BY = {
    "name_key": "coalesce(CAST(birth_year AS STRING), '')",
    "core_key": "coalesce(CAST(birth_year AS STRING), '')",
    "birth_date": "coalesce(core_key, name_key, '')",
}
# column -> the class of values a comparison gives levels of their own.  The name
# comparison has a level per name length (one, two, three words or more) and the level's m
# is the share of all true pairs landing there; for a record whose name has three words,
# the share of its true pairs with the same name is m over the share of names that long.
# Splink's adjustment divides m by the frequency alone, so the frequency is scaled by the
# class's share: counted among all names, the same rare full name with no date of birth
# scored well below the share of such pairs that are one person.
WITHIN = {"name_key": "least(name_size, 3)"}
# A value held by one person says little about how often another person holds it: most full
# names are seen once, and 1/people overstates their chance of a namesake.  Good–Turing's
# estimate replaces the count 1 by 2·n2/n1 (values held by two people over values held by
# one) within the class, at most 1 and, for a register too small to say, at least this.
LEAST_ONCE = 0.05


def frequency_sql(column: str, tables: list[SplinkDataFrame]) -> str:
    within = WITHIN.get(column, "0")
    rows = " UNION ALL ".join(
        f"SELECT {column} AS value, {PEOPLE_BY[column]} AS person, {within} AS class "
        f"FROM {t.physical_name}"
        for t in tables
    )
    # Plain SQL that DuckDB and Spark both run.  A record with no birth year (person '')
    # is no evidence of another person: it counts only for a value no other record holds.
    return (
        "WITH counted AS (SELECT value, max(class) AS class, greatest(1, "
        "count(DISTINCT person) - max(CASE WHEN person = '' THEN 1 ELSE 0 END)"
        f") AS people FROM ({rows}) AS r WHERE value IS NOT NULL GROUP BY value), "
        "turing AS (SELECT class, least(1.0, 2.0 * sum(CASE WHEN people = 2 THEN 1 ELSE 0 END) "
        "/ greatest(1, sum(CASE WHEN people = 1 THEN 1 ELSE 0 END))) AS once "
        "FROM counted GROUP BY class), "
        "shares AS (SELECT value, counted.class, CAST(people AS DOUBLE) / sum(people) OVER () "
        f"AS share, CASE WHEN people = 1 THEN greatest(once, {LEAST_ONCE}) ELSE 1.0 END "
        "AS smoothed FROM counted JOIN turing ON counted.class = turing.class) "
        f"SELECT value AS {column}, "
        f"smoothed * share * sum(share) OVER (PARTITION BY class) AS tf_{column} FROM shares"
    )


def register_frequencies(
    backend: LinkageBackend, linker: Linker, tables: list[SplinkDataFrame]
) -> None:
    """Give ``linker`` the term frequencies of ``tables``, counted per person."""
    for column in PEOPLE_BY:
        frame = backend.create_table(f"tf_{column}", frequency_sql(column, tables))
        linker.table_management.register_term_frequency_lookup(frame, column)
