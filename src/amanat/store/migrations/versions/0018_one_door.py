"""The one door: sessions held by the server, four eyes on reading roles, emergency
reads decided by the record's organisation, TOTP codes good once.

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# Kinds of record that an emergency read may name, and their tables, at this revision.
RECORD_TABLES = {
    "source": "source",
    "place": "place",
    "person": "person",
    "group": "criminal_group",
    "vehicle": "vehicle",
    "phone": "phone",
    "case": "case_file",
    "case_role": "case_role",
    "pipeline_event": "pipeline_event",
    "victim": "victim",
    "seizure": "seizure",
    "weapon": "weapon",
    "storage_loss": "storage_loss",
    "relationship": "relationship",
}


def upgrade() -> None:
    op.create_table(
        "role_request",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("org_id", ID, nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("new_account", sa.Boolean(), nullable=False),
        sa.Column("requested_by_user_id", ID, nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by_user_id", ID, nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["user_account.id"],
            name=op.f("fk_role_request_decided_by_user_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_role_request_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_user_id"],
            ["user_account.id"],
            name=op.f("fk_role_request_requested_by_user_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_role_request_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_request")),
    )
    with op.batch_alter_table("role_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_request_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_role_request_user_id"), ["user_id"], unique=False)

    op.create_table(
        "web_session",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_web_session_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_session")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_web_session_key_hash")),
    )
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_session_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("break_glass", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_org_id", ID, nullable=True))
        batch_op.add_column(sa.Column("denied_by_user_id", ID, nullable=True))
        batch_op.add_column(sa.Column("denied_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_break_glass_denied_by_user_id_user_account"),
            "user_account",
            ["denied_by_user_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_break_glass_owner_org_id_organisation"),
            "organisation",
            ["owner_org_id"],
            ["id"],
        )
    # Requests made before: decided by the record's organisation from now on.
    for kind, table in RECORD_TABLES.items():
        op.execute(
            f"UPDATE break_glass SET owner_org_id = "
            f"(SELECT org_id FROM {table} WHERE {table}.id = break_glass.record_id) "
            f"WHERE record_kind = '{kind}'"
        )

    # Existing accounts keep their roles: they were set up by the operator or approved
    # under the rules of their time.
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("role_approved", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column("approves_accounts", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column("role_approved", server_default=None)
        batch_op.alter_column("approves_accounts", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("approves_accounts")
        batch_op.drop_column("role_approved")
        batch_op.drop_column("totp_last_step")

    with op.batch_alter_table("break_glass", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_break_glass_owner_org_id_organisation"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_break_glass_denied_by_user_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_column("denied_at")
        batch_op.drop_column("denied_by_user_id")
        batch_op.drop_column("owner_org_id")

    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_session_user_id"))
    op.drop_table("web_session")

    with op.batch_alter_table("role_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_request_user_id"))
        batch_op.drop_index(batch_op.f("ix_role_request_org_id"))
    op.drop_table("role_request")
