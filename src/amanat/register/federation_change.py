"""The sequence a node's feed is paged by: every write of a record appends a change.

A receiver pulls ``after=SEQ`` and remembers the last ``SEQ`` it got, so no one relies
on anyone's clock (issue 18).  The changes are appended by triggers on the record
tables, in the writing transaction itself, rather than by the ORM's flush: the
register is also written by Core statements (bulk imports, the demo, the vault), and
a change missed there would be a record never sent.  On PostgreSQL one trigger per
table and statement (a many-row write through the driver is still a statement per
row); SQLite's triggers run per row.

Paging by a sequence is only correct if sequence order is commit order: a change
numbered 5 committed after one numbered 6 would be skipped by a reader that already
moved past 6.  SQLite serialises writers (the write lock is held from the first
write to the commit), so the order holds.  On PostgreSQL the trigger first takes the
audit trail's transaction lock (``access.audit_store``), which every audited write
takes anyway before it commits; taking it before the number is drawn makes writers
of records commit in the order of their numbers.  The lock is taken in a BEFORE
statement trigger, ahead of the statement's row locks, so it is not waited for while
holding rows another writer waits on.

Changes are only appended; a record written many times appears many times, and the
feed sends its state as it is when read (idempotent at the receiver).

A bulk import appends the changes of a statement's rows itself, with one set-based
INSERT ... SELECT, while the trigger stays silent for them (``amanat.register.
federation_bulk``): the same changes in the same order, without a trigger run per row.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from amanat.register.base import Base

# "amanat": the audit trail's advisory lock (amanat.access.audit_store._ADVISORY_LOCK).
TRAIL_LOCK = 0x616D616E6174
TABLE = "federation_change"
# PostgreSQL: the table whose rows this transaction appends the changes of itself (a
# transaction-local setting, ``SET LOCAL``); the triggers of that table stay silent.
BULK_SETTING = "amanat.federation_bulk"
# SQLite's AUTOINCREMENT never reuses a number, even the highest after a rollback.
SEQ = BigInteger().with_variant(Integer(), "sqlite")


class FederationChange(Base):
    """One write of one record: its table and id, numbered in commit order.

    No index but the sequence: the feed reads by ``seq`` only, and each row a bulk
    import writes would pay for another index once more.
    """

    __tablename__ = TABLE
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(SEQ, primary_key=True, autoincrement=True)
    record_table: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[int] = mapped_column(SEQ, nullable=False)


def trigger_statements(dialect: str, tables: Iterable[str], *, bulk: bool = True) -> list[str]:
    """The DDL that makes every write of ``tables`` append its change.

    ``bulk``: on PostgreSQL the triggers are silent for the table ``BULK_SETTING``
    names (since migration 0033; 0028 made them without).  SQLite's triggers need no
    such condition (``federation_bulk`` drops them for the statement instead).
    """
    statements: list[str] = []
    if dialect == "postgresql":
        statements += [
            "CREATE OR REPLACE FUNCTION federation_lock() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN PERFORM pg_advisory_xact_lock({TRAIL_LOCK}); RETURN NULL; END $$",
            "CREATE OR REPLACE FUNCTION federation_changed() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN INSERT INTO {TABLE} (record_table, record_id) "
            "SELECT TG_TABLE_NAME, id FROM changed ORDER BY id; RETURN NULL; END $$",
        ]
    for table in tables:
        if dialect == "postgresql":
            # current_setting(..., true): NULL in a session that never set it.
            when = (
                f"WHEN (current_setting('{BULK_SETTING}', true) IS DISTINCT FROM '{table}') "
                if bulk
                else ""
            )
            statements.append(
                f'CREATE TRIGGER federation_lock_{table} BEFORE INSERT OR UPDATE ON "{table}" '
                f"FOR EACH STATEMENT {when}EXECUTE FUNCTION federation_lock()"
            )
            for event in ("INSERT", "UPDATE"):
                statements.append(
                    f"CREATE TRIGGER federation_{event.lower()}_{table} AFTER {event} "
                    f'ON "{table}" REFERENCING NEW TABLE AS changed '
                    f"FOR EACH STATEMENT {when}EXECUTE FUNCTION federation_changed()"
                )
        else:
            for event in ("INSERT", "UPDATE"):
                statements.append(
                    f"CREATE TRIGGER federation_{event.lower()}_{table} AFTER {event} "
                    f'ON "{table}" BEGIN INSERT INTO {TABLE} (record_table, record_id) '
                    f"VALUES ('{table}', NEW.id); END"
                )
    return statements


def drop_statements(dialect: str, tables: Iterable[str], *, functions: bool = True) -> list[str]:
    statements: list[str] = []
    for table in tables:
        names = [f"federation_insert_{table}", f"federation_update_{table}"]
        if dialect == "postgresql":
            names.append(f"federation_lock_{table}")
            statements += [f'DROP TRIGGER IF EXISTS {name} ON "{table}"' for name in names]
        else:
            statements += [f"DROP TRIGGER IF EXISTS {name}" for name in names]
    if dialect == "postgresql" and functions:
        statements += [
            "DROP FUNCTION IF EXISTS federation_changed()",
            "DROP FUNCTION IF EXISTS federation_lock()",
        ]
    return statements
