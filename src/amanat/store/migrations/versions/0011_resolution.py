"""Resolution: judgements, the review queue, canonical entities, runs and linkage models.

Revision ID: 0011
Revises: 0010
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _id() -> sa.Column[int]:
    return sa.Column("id", BigId, autoincrement=True, nullable=False)


def _when(name: str, nullable: bool = True) -> sa.Column[dt.datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _user(table: str, column: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column(column, BigId, nullable=True),
        sa.ForeignKeyConstraint(
            [column], ["user_account.id"], name=op.f(f"fk_{table}_{column}_user_account")
        ),
    )


def _run(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column("run_id", BigId, nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["resolution_run.id"], name=op.f(f"fk_{table}_run_id_resolution_run")
        ),
    )


def upgrade() -> None:
    op.create_table(
        "resolution_run",
        _id(),
        sa.Column("record_kind", sa.String(length=40), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("engine", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        *_user("resolution_run", "user_id"),
        sa.Column("scoped", sa.Boolean(), nullable=False),
        sa.Column("model_version", sa.String(length=60), nullable=True),
        _when("started_at", nullable=False),
        _when("finished_at"),
        sa.Column("high_water_id", BigId, nullable=True),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("new_records", sa.Integer(), nullable=False),
        sa.Column("pairs_scored", sa.Integer(), nullable=False),
        sa.Column("auto_merged", sa.Integer(), nullable=False),
        sa.Column("queued", sa.Integer(), nullable=False),
        sa.Column("entities", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolution_run")),
    )
    op.create_table(
        "resolution_model",
        _id(),
        sa.Column("record_kind", sa.String(length=40), nullable=False),
        sa.Column("version", sa.String(length=60), nullable=False),
        _when("created_at", nullable=False),
        sa.Column("trained_on", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(length=20), nullable=False),
        sa.Column("auto_merge_threshold", sa.Float(), nullable=False),
        sa.Column("review_threshold", sa.Float(), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolution_model")),
        sa.UniqueConstraint("version", name=op.f("uq_resolution_model_version")),
    )
    op.create_table(
        "resolution_judgement",
        _id(),
        sa.Column("record_kind", sa.String(length=40), nullable=False),
        sa.Column("left_id", BigId, nullable=False),
        sa.Column("right_id", BigId, nullable=False),
        sa.Column("verdict", sa.String(length=12), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        *_user("resolution_judgement", "user_id"),
        _when("created_at", nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("model_version", sa.String(length=60), nullable=True),
        *_run("resolution_judgement"),
        sa.Column("note", sa.Text(), nullable=True),
        _when("undone_at"),
        *_user("resolution_judgement", "undone_by_user_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolution_judgement")),
    )
    op.create_index(
        "ix_resolution_judgement_pair",
        "resolution_judgement",
        ["record_kind", "left_id", "right_id"],
    )
    op.create_index(
        "ix_resolution_judgement_right", "resolution_judgement", ["record_kind", "right_id"]
    )
    op.create_index(op.f("ix_resolution_judgement_run_id"), "resolution_judgement", ["run_id"])
    op.create_table(
        "resolution_candidate",
        _id(),
        sa.Column("record_kind", sa.String(length=40), nullable=False),
        sa.Column("left_id", BigId, nullable=False),
        sa.Column("right_id", BigId, nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("match_weight", sa.Float(), nullable=True),
        sa.Column("model_version", sa.String(length=60), nullable=True),
        *_run("resolution_candidate"),
        _when("created_at", nullable=False),
        _when("closed_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolution_candidate")),
    )
    op.create_index(
        "ix_resolution_candidate_open",
        "resolution_candidate",
        ["record_kind", "closed_at", "score"],
    )
    op.create_index(
        "ix_resolution_candidate_pair",
        "resolution_candidate",
        ["record_kind", "left_id", "right_id"],
    )
    op.create_table(
        "resolution_entity",
        sa.Column("record_kind", sa.String(length=40), nullable=False),
        sa.Column("record_id", BigId, autoincrement=False, nullable=False),
        sa.Column("entity_id", BigId, nullable=False),
        _when("assigned_at", nullable=False),
        sa.PrimaryKeyConstraint("record_kind", "record_id", name=op.f("pk_resolution_entity")),
    )
    op.create_index(
        "ix_resolution_entity_entity", "resolution_entity", ["record_kind", "entity_id"]
    )


def downgrade() -> None:
    op.drop_table("resolution_entity")
    op.drop_table("resolution_candidate")
    op.drop_table("resolution_judgement")
    op.drop_table("resolution_model")
    op.drop_table("resolution_run")
