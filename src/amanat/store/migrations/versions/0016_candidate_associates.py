"""The associates in common a run counted for each pair in the review queue.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL: not counted (a run before this one, or a record with no associates)
    op.add_column("resolution_candidate", sa.Column("associates", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("resolution_candidate") as batch:
        batch.drop_column("associates")
