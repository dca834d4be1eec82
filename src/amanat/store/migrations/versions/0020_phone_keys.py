"""Phone numbers mean one phone: the automatic merges of phones that rested on the old
comparison (the last nine digits, which made +7 701 … and +7 901 …, or +998 90 … and
+992 90 …, one phone) are reopened where the numbers, read in E.164 form, differ and no
IMEI ties the two records.  The canonical entities around them are recomputed, and the
audit trail says so, as the system (no user): one ``resolve_identifiers`` entry with the
count, as a linkage run writes it.

No key of a phone number is stored: linkage reads every number when it runs
(``amanat.names.phones``), so the merges and entities are what this revision
recomputes.  Person merges that phone numbers helped are re-decided by the next full
linkage run.

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy.orm import Session

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHY = "numbers of different phones in E.164 form (revision 0020)"


def upgrade() -> None:
    # The linkage's own rule, so that the merges reopened here are exactly those its next
    # run would no longer make.
    from amanat.access import audit_store
    from amanat.resolve.identifiers import reopen_stale

    session = Session(bind=op.get_bind())
    try:
        reopened = reopen_stale(session, why=WHY)
        if any(reopened.values()):  # an empty register's trail stays empty
            detail = {f"reopened_{kind}": count for kind, count in reopened.items()}
            audit_store.append(
                session,
                "resolve_identifiers",
                target_kind="resolution_judgement",
                detail={**detail, "via": f"migration {revision}"},
            )
        session.flush()
    finally:
        session.close()


def downgrade() -> None:
    # The old comparison merged different phones: what was reopened stays open.
    pass
