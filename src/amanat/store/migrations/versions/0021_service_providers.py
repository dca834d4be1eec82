"""The directory of service providers, referrals as their own table with every step
kept, and consent that may leave out the victim's identity.

Revision ID: 0021
Revises: 0020


Assistance entries that named another organisation as provider were the referrals
before: each becomes a referral, with its status, so the receiver keeps answering it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# The referrals of before: assistance entries naming another organisation.
EARLIER_REFERRALS = """
INSERT INTO referral (victim_id, service, from_org_id, provider_org_id, status, referred_on,
    completed_on, note, opened_victim, opened_person, answer_noted, updated_at)
SELECT a.victim_id, a.kind, v.org_id, a.provider_org_id, a.status,
    COALESCE(a.referred_on, CURRENT_DATE), a.completed_on, a.note, :no, :no, :yes,
    CURRENT_TIMESTAMP
FROM assistance a JOIN victim v ON v.id = a.victim_id
WHERE a.provider_org_id IS NOT NULL AND a.provider_org_id <> v.org_id
ORDER BY a.id
"""


def upgrade() -> None:
    op.create_table(
        "service_offer",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("org_id", ID, nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by_user_id", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by_user_id"],
            ["user_account.id"],
            name=op.f("fk_service_offer_added_by_user_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_service_offer_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_offer")),
    )
    with op.batch_alter_table("service_offer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_offer_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_offer_org_id"), ["org_id"], unique=False)

    op.create_table(
        "referral",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("victim_id", ID, nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("from_org_id", ID, nullable=False),
        sa.Column("provider_org_id", ID, nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("referred_by_user_id", ID, nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("reason", sa.String(length=2000), nullable=True),
        sa.Column("opened_victim", sa.Boolean(), nullable=False),
        sa.Column("opened_person", sa.Boolean(), nullable=False),
        sa.Column("answer_noted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_org_id"], ["organisation.id"], name=op.f("fk_referral_from_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["provider_org_id"],
            ["organisation.id"],
            name=op.f("fk_referral_provider_org_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["referred_by_user_id"],
            ["user_account.id"],
            name=op.f("fk_referral_referred_by_user_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["victim_id"],
            ["victim.id"],
            name=op.f("fk_referral_victim_id_victim"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_from_org_id"), ["from_org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_referral_provider_org_id"), ["provider_org_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referral_victim_id"), ["victim_id"], unique=False)

    op.create_table(
        "referral_event",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("referral_id", ID, nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_org_id", ID, nullable=False),
        sa.Column("by_user_id", ID, nullable=True),
        sa.Column("reason", sa.String(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["by_org_id"],
            ["organisation.id"],
            name=op.f("fk_referral_event_by_org_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["user_account.id"],
            name=op.f("fk_referral_event_by_user_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referral.id"],
            name=op.f("fk_referral_event_referral_id_referral"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_event")),
    )
    with op.batch_alter_table("referral_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_event_referral_id"), ["referral_id"], unique=False
        )

    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("identity", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    op.execute(sa.text(EARLIER_REFERRALS).bindparams(yes=True, no=False))


def downgrade() -> None:
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_column("identity")

    with op.batch_alter_table("referral_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_event_referral_id"))

    op.drop_table("referral_event")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_victim_id"))
        batch_op.drop_index(batch_op.f("ix_referral_provider_org_id"))
        batch_op.drop_index(batch_op.f("ix_referral_from_org_id"))

    op.drop_table("referral")
    with op.batch_alter_table("service_offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_offer_org_id"))
        batch_op.drop_index(batch_op.f("ix_service_offer_country"))

    op.drop_table("service_offer")
