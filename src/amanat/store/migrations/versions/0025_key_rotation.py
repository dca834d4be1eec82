"""Key rotation: versioned data keys, and the audit signing keys' periods.

Revision ID: 0025
Revises: 0023

A data key rotation re-seals an organisation's rows in batches, each committed, so
while it runs some rows are sealed under the old key and some under the new: each
organisation's key row keeps both wrapped keys and each sealed row says which key
version sealed it.  Rows already stored were sealed by version 1.

``audit_signing_key`` records each checkpoint signing key's period (valid from, valid
to), so that verification refuses a checkpoint signed by a key after its retirement.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("protected_identity", "source_file")


def upgrade() -> None:
    # Plain ADD COLUMN with a server default: no table is rebuilt.
    version = sa.Column("key_version", sa.Integer(), nullable=False, server_default="1")
    op.add_column("org_key", version)
    op.add_column("org_key", sa.Column("next_wrapped_key", sa.LargeBinary(), nullable=True))
    for table in VERSIONED:
        op.add_column(
            table, sa.Column("key_version", sa.Integer(), nullable=False, server_default="1")
        )
    op.create_table(
        "audit_signing_key",
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_audit_signing_key")),
    )


def downgrade() -> None:
    op.drop_table("audit_signing_key")
    for table in VERSIONED:
        op.drop_column(table, "key_version")
    op.drop_column("org_key", "next_wrapped_key")
    op.drop_column("org_key", "key_version")
