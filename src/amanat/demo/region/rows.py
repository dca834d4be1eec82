"""The rows a build has generated but not yet written, with the next id per table.

Ids are given here, in generation order, so a seed always numbers its records the
same way and child rows can name their parents before anything is written.
"""

from __future__ import annotations

from typing import Any

from amanat.store.bulk import Row, table_order


class Rows:
    """Pending rows per table; ``take`` hands them over and starts afresh."""

    def __init__(self) -> None:
        self.next_id: dict[str, int] = dict.fromkeys(table_order(), 1)
        self.pending: dict[str, list[Row]] = {table: [] for table in table_order()}

    def add(self, table: str, *values: Any) -> int:
        """Append a row to ``table`` (values after the id, in column order); return its id."""
        record_id = self.next_id[table]
        self.next_id[table] = record_id + 1
        self.pending[table].append((record_id, *values))
        return record_id

    def reserve(self, table: str) -> int:
        """An id for a row written later with ``put`` (a case, once its outcome is known)."""
        record_id = self.next_id[table]
        self.next_id[table] = record_id + 1
        return record_id

    def put(self, table: str, record_id: int, *values: Any) -> None:
        self.pending[table].append((record_id, *values))

    def pending_count(self) -> int:
        return sum(len(rows) for rows in self.pending.values())

    def count(self, table: str) -> int:
        """Rows of ``table`` generated so far, written or not."""
        return self.next_id[table] - 1

    def take(self) -> dict[str, list[Row]]:
        batch = {table: rows for table, rows in self.pending.items() if rows}
        self.pending = {table: [] for table in table_order()}
        return batch
