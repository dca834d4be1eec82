"""Hit/no-hit discovery: the owners' settings, the encodings of discoverable records and
the hits answered.

Revision ID: 0029
Revises: 0028

New tables only; nothing existing changes.  The encodings are built afterwards by
``amanat discovery index`` (they need the master key, which a migration never reads).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _person(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["person_id"], ["person.id"], name=op.f(f"fk_{table}_person_id_person"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "discovery_setting",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("setting", sa.String(length=40), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        _person("discovery_setting"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discovery_setting")),
    )
    op.create_index(
        "ix_discovery_setting_person_id", "discovery_setting", ["person_id"], unique=True
    )
    op.create_table(
        "discovery_encoding",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("org_id", ID, nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_discovery_encoding_org_id_organisation"),
            ondelete="CASCADE",
        ),
        _person("discovery_encoding"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discovery_encoding")),
    )
    op.create_index(
        "ix_discovery_encoding_kind_value", "discovery_encoding", ["kind", "value"], unique=False
    )
    op.create_index(
        op.f("ix_discovery_encoding_person_id"), "discovery_encoding", ["person_id"], unique=False
    )
    op.create_table(
        "discovery_hit",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("holder_org_id", ID, nullable=False),
        sa.Column("asker_user_id", ID, nullable=True),
        sa.Column("asker_org_id", ID, nullable=True),
        sa.Column("band", sa.String(length=12), nullable=False),
        sa.Column("legal_basis", sa.String(length=40), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["asker_org_id"],
            ["organisation.id"],
            name=op.f("fk_discovery_hit_asker_org_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["asker_user_id"],
            ["user_account.id"],
            name=op.f("fk_discovery_hit_asker_user_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["holder_org_id"],
            ["organisation.id"],
            name=op.f("fk_discovery_hit_holder_org_id_organisation"),
            ondelete="CASCADE",
        ),
        _person("discovery_hit"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discovery_hit")),
    )
    op.create_index(op.f("ix_discovery_hit_person_id"), "discovery_hit", ["person_id"])
    op.create_index(op.f("ix_discovery_hit_reference"), "discovery_hit", ["reference"])


def downgrade() -> None:
    op.drop_table("discovery_hit")
    op.drop_table("discovery_encoding")
    op.drop_table("discovery_setting")
