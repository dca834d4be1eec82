"""Drop ``person_name_key``'s index on ``person_id`` alone (see ``register.name_key``).

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index(op.f("ix_person_name_key_person_id"), table_name="person_name_key")


def downgrade() -> None:
    op.create_index(op.f("ix_person_name_key_person_id"), "person_name_key", ["person_id"])
