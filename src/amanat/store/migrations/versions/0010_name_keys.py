"""Phonetic keys of the words of people's names, for search in any script; keys of
the names already in the register are computed here.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
BATCH = 20_000


def upgrade() -> None:
    table = op.create_table(
        "person_name_key",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("name_id", BigId, nullable=False),
        sa.Column("person_id", BigId, nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["name_id"],
            ["person_name.id"],
            name=op.f("fk_person_name_key_name_id_person_name"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_name_key_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_name_key")),
    )
    _fill(table)
    op.create_index("ix_person_name_key_key_person", "person_name_key", ["key", "person_id"])
    op.create_index(op.f("ix_person_name_key_name_id"), "person_name_key", ["name_id"])
    op.create_index(op.f("ix_person_name_key_person_id"), "person_name_key", ["person_id"])


def _fill(table: sa.Table) -> None:
    """Keys of the names already written (before the indexes, which is faster).

    Protected persons are skipped: their names belong in the vault, not in search.
    """
    from amanat.register.name_key import name_keys

    connection = op.get_bind()
    names = sa.table("person_name", sa.column("id"), sa.column("person_id"), sa.column("full_name"))
    person = sa.table("person", sa.column("id"), sa.column("is_protected"))
    after = 0
    while True:
        rows = connection.execute(
            sa.select(names.c.id, names.c.person_id, names.c.full_name)
            .join(person, person.c.id == names.c.person_id)
            .where(names.c.id > after, person.c.is_protected == sa.false())
            .order_by(names.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        keys = [
            {"name_id": row.id, "person_id": row.person_id, "key": key}
            for row in rows
            for key in name_keys(row.full_name or "")
        ]
        if keys:
            connection.execute(sa.insert(table), keys)
        after = rows[-1].id


def downgrade() -> None:
    op.drop_index(op.f("ix_person_name_key_person_id"), table_name="person_name_key")
    op.drop_index(op.f("ix_person_name_key_name_id"), table_name="person_name_key")
    op.drop_index("ix_person_name_key_key_person", table_name="person_name_key")
    op.drop_table("person_name_key")
