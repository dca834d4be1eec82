"""The keyed blind index of protected persons' names, for finding one's own victims by name.

Revision ID: 0023
Revises: 0022

The index is an HMAC under a key derived from the master key, which migrations do not
hold: the victims registered before it get theirs from ``amanat names index-protected``
(the system operator, with the master key configured), run once after this upgrade.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "protected_name_index",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("org_id", ID, nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_protected_name_index_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_protected_name_index_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protected_name_index")),
    )
    with op.batch_alter_table("protected_name_index", schema=None) as batch_op:
        batch_op.create_index(
            "ix_protected_name_index_org_token", ["org_id", "token", "person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protected_name_index_person_id"), ["person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("protected_name_index", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protected_name_index_person_id"))
        batch_op.drop_index("ix_protected_name_index_org_token")
    op.drop_table("protected_name_index")
