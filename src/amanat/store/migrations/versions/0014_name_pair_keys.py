"""Search keys for every pair of a name's words (see ``amanat.register.name_key``).

Written from the word keys already stored, in SQL, so the migration needs neither the
name layer nor a pass through the application; new names get their pairs from the
application as they are written.  Pairs are ordered by byte (``COLLATE "C"`` on
PostgreSQL; SQLite compares bytes), as Python orders the keys; names of more than
``MAX_PAIRED_WORDS`` (12) word keys get none, as in the application.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WORDS = "key NOT LIKE '%|%'"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    collate = ' COLLATE "C"' if dialect == "postgresql" else ""
    op.execute(
        "INSERT INTO person_name_key (name_id, person_id, key) "
        "SELECT a.name_id, a.person_id, substr(a.key || '|' || b.key, 1, 80) "
        "FROM person_name_key a JOIN person_name_key b "
        f"ON b.name_id = a.name_id AND a.key{collate} < b.key{collate} "
        f"WHERE a.{_WORDS} AND b.{_WORDS} "
        "AND a.name_id IN (SELECT name_id FROM person_name_key "
        f"WHERE {_WORDS} GROUP BY name_id HAVING count(*) BETWEEN 2 AND 12) "
        "AND NOT EXISTS (SELECT 1 FROM person_name_key p "
        "WHERE p.name_id = a.name_id AND p.key LIKE '%|%')"
    )


def downgrade() -> None:
    op.execute("DELETE FROM person_name_key WHERE key LIKE '%|%'")
