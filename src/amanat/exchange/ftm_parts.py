"""A record's parts (a person's names, citizenships, documents, phones, addresses) read
with the record: one column per part, holding its rows as a JSON array of arrays that
the database makes — ``json_group_array`` on SQLite, ``json_agg`` on PostgreSQL —
in id order, NULL for none.

For the 600,000 people a regional analyst sees in the ``large`` demo, the database
writing these arrays and orjson reading them take 5.4 CPU-s, where reading each
part's rows as tuples and merging them with their records in Python took 7.  The
arrays hold the part's rows as the mapping reads them (``Columns``: the record's id,
the part's id, then the columns its specs name); a protected person's parts are
never read (NULL), as they never leave.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Text, case, cast, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from amanat.exchange.ftm_values import Row

NONE: tuple[Row, ...] = ()  # a record's rows of a part it has none of
loads = orjson.loads


def parts_column(dialect: str, model: Any, part: Any, names: list[str], hidden: Any) -> Any:
    """The rows of ``part`` (a table) of each record of ``model``, as one JSON text,
    columns ``names`` (the first links the part to its record); NULL where ``hidden``
    (a condition on the record, or None) holds, or where there are none."""
    table = part.__table__
    chosen = [table.columns[n] for n in names]
    owned = chosen[0] == model.id
    if dialect == "postgresql":
        rows = func.json_agg(aggregate_order_by(func.json_build_array(*chosen), table.c.id))
        found = select(cast(rows, Text)).where(owned).scalar_subquery()
    else:  # SQLite aggregates in the order its subquery gives
        ordered = select(*chosen).where(owned).order_by(table.c.id).correlate(model).subquery()
        arrays = func.json_group_array(func.json_array(*ordered.c))
        found = select(func.nullif(arrays, "[]")).scalar_subquery()
    return found if hidden is None else case((hidden, None), else_=found)


def read_parts(cells: Row) -> list[Any]:
    """The parts of one record from its part columns."""
    return [NONE if text is None else loads(text) for text in cells]
