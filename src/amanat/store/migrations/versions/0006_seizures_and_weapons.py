"""Seizures and weapons.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "seizure",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("seized_on", sa.Date(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("place_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("ammunition_rounds", sa.Integer(), nullable=True),
        sa.Column("cash_amount", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("cash_currency", sa.String(length=40), nullable=True),
        sa.Column("origin_country", sa.String(length=2), nullable=True),
        sa.Column("destination_country", sa.String(length=2), nullable=True),
        sa.Column("concealment", sa.String(length=200), nullable=True),
        sa.Column("org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column(
            "submitted_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("source_kind", sa.String(length=40), nullable=False),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("credibility", sa.String(length=1), nullable=False),
        sa.Column("tlp", sa.String(length=40), nullable=False),
        sa.Column("handling", sa.String(length=40), nullable=False),
        sa.Column("distribution", sa.String(length=40), nullable=False),
        sa.Column(
            "sharing_group_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deletion_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_seizure_case_id_case_file"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_seizure_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(["place_id"], ["place.id"], name=op.f("fk_seizure_place_id_place")),
        sa.ForeignKeyConstraint(
            ["sharing_group_id"],
            ["sharing_group.id"],
            name=op.f("fk_seizure_sharing_group_id_sharing_group"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_seizure_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seizure")),
        sa.UniqueConstraint("org_id", "external_id", name="uq_seizure_org_external"),
    )
    with op.batch_alter_table("seizure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seizure_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_seizure_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_seizure_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_seizure_seized_on"), ["seized_on"], unique=False)

    op.create_table(
        "seized_drug",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "seizure_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("substance", sa.String(length=40), nullable=False),
        sa.Column("quantity_kg", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["seizure_id"],
            ["seizure.id"],
            name=op.f("fk_seized_drug_seizure_id_seizure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seized_drug")),
    )
    with op.batch_alter_table("seized_drug", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seized_drug_seizure_id"), ["seizure_id"], unique=False)

    op.create_table(
        "storage_loss",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("place_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("facility", sa.String(length=200), nullable=True),
        sa.Column("circumstances", sa.Text(), nullable=True),
        sa.Column("org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column(
            "submitted_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("source_kind", sa.String(length=40), nullable=False),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("credibility", sa.String(length=1), nullable=False),
        sa.Column("tlp", sa.String(length=40), nullable=False),
        sa.Column("handling", sa.String(length=40), nullable=False),
        sa.Column("distribution", sa.String(length=40), nullable=False),
        sa.Column(
            "sharing_group_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deletion_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_storage_loss_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["place.id"], name=op.f("fk_storage_loss_place_id_place")
        ),
        sa.ForeignKeyConstraint(
            ["sharing_group_id"],
            ["sharing_group.id"],
            name=op.f("fk_storage_loss_sharing_group_id_sharing_group"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_storage_loss_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_storage_loss")),
        sa.UniqueConstraint("org_id", "external_id", name="uq_storage_loss_org_external"),
    )
    with op.batch_alter_table("storage_loss", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_storage_loss_org_id"), ["org_id"], unique=False)

    op.create_table(
        "weapon",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("weapon_type", sa.String(length=40), nullable=False),
        sa.Column("make", sa.String(length=80), nullable=True),
        sa.Column("model", sa.String(length=80), nullable=True),
        sa.Column("calibre", sa.String(length=30), nullable=True),
        sa.Column("serial_number", sa.String(length=60), nullable=True),
        sa.Column("manufactured_year", sa.BigInteger(), nullable=True),
        sa.Column(
            "seizure_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "storage_loss_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column(
            "submitted_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("source_kind", sa.String(length=40), nullable=False),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("credibility", sa.String(length=1), nullable=False),
        sa.Column("tlp", sa.String(length=40), nullable=False),
        sa.Column("handling", sa.String(length=40), nullable=False),
        sa.Column("distribution", sa.String(length=40), nullable=False),
        sa.Column(
            "sharing_group_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deletion_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_weapon_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["seizure_id"],
            ["seizure.id"],
            name=op.f("fk_weapon_seizure_id_seizure"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sharing_group_id"],
            ["sharing_group.id"],
            name=op.f("fk_weapon_sharing_group_id_sharing_group"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_weapon_source_id_source")
        ),
        sa.ForeignKeyConstraint(
            ["storage_loss_id"],
            ["storage_loss.id"],
            name=op.f("fk_weapon_storage_loss_id_storage_loss"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weapon")),
        sa.UniqueConstraint("org_id", "external_id", name="uq_weapon_org_external"),
    )
    with op.batch_alter_table("weapon", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_weapon_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_weapon_seizure_id"), ["seizure_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_weapon_serial_number"), ["serial_number"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_weapon_storage_loss_id"), ["storage_loss_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("weapon")
    op.drop_table("storage_loss")
    op.drop_table("seized_drug")
    op.drop_table("seizure")
