"""Audit entries queued in their transaction and chained by PostgreSQL as it commits.

See ``amanat.access.audit_queue``.  SQLite keeps chaining in the application (one
writer at a time is all it has), but gets the table too, so both schemas match the
models.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# The lock is ``amanat.access.audit_store._ADVISORY_LOCK``: entries chained by the
# application (a signed checkpoint's batch) and by this trigger take turns on it.
# Taken, the end of the chain is read by a statement of its own, so it sees what the
# previous holder committed.  The hash is chain format 1, as ``compute_hash`` makes it:
# sha256 of the previous hash, a newline and the canonical serialisation, which the
# application cut around the sequence number (``head``, ``tail``).  Every row is
# deleted by the commit that wrote it, so the queue's pages hold dead rows until
# autovacuum comes by, while its statistics say it is empty: the planner would scan
# all those pages to find one row; ``enable_seqscan = off`` makes it use the key.
SEAL_FUNCTION = """
CREATE FUNCTION amanat_audit_seal() RETURNS trigger AS $$
DECLARE
    last_seq bigint;
    last_hash text;
BEGIN
    PERFORM pg_advisory_xact_lock(107122413953396);
    SELECT seq, entry_hash INTO last_seq, last_hash
        FROM audit_entry ORDER BY seq DESC LIMIT 1;
    IF NOT FOUND THEN
        last_seq := 0;
        last_hash := repeat('0', 64);
    END IF;
    INSERT INTO audit_entry (seq, at, actor_user_id, actor_org_id, action, target_kind,
                             target_id, purpose, detail, prev_hash, entry_hash)
    VALUES (last_seq + 1, NEW.at, NEW.actor_user_id, NEW.actor_org_id, NEW.action,
            NEW.target_kind, NEW.target_id, NEW.purpose, NEW.detail, last_hash,
            encode(sha256(convert_to(
                last_hash || E'\\n' || NEW.head || (last_seq + 1)::text || NEW.tail, 'UTF8'
            )), 'hex'));
    DELETE FROM audit_queue WHERE id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql SET enable_seqscan = off
"""


def upgrade() -> None:
    op.create_table(
        "audit_queue",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_user_id", sa.BigInteger(), nullable=True),
        sa.Column("actor_org_id", sa.BigInteger(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target_kind", sa.String(length=40), nullable=True),
        sa.Column("target_id", sa.String(length=80), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("head", sa.Text(), nullable=False),
        sa.Column("tail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_queue")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SEAL_FUNCTION)
        op.execute(
            "CREATE CONSTRAINT TRIGGER audit_queue_seal AFTER INSERT ON audit_queue "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION amanat_audit_seal()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_queue_seal ON audit_queue")
        op.execute("DROP FUNCTION IF EXISTS amanat_audit_seal()")
    op.drop_table("audit_queue")
