"""Phone numbers mean one phone: the automatic merges of phones that rested on the old
comparison (the last nine digits, which made +7 701 … and +7 901 …, or +998 90 … and
+992 90 …, one phone) are reopened where the numbers, read in E.164 form, differ and no
IMEI ties the two records.

No key of a phone number is stored: linkage reads every number when it runs
(``amanat.names.phones``), so nothing else needs recomputing.  Person merges that phone
numbers helped are re-decided by the next full linkage run.

Revision ID: 0020
Revises: 0018
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy.orm import Session

revision: str = "0020"
# 0019 is left to the name layer's keys, made at the same time; whichever lands second
# revises the other.
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHY = "numbers of different phones in E.164 form (revision 0020)"


def upgrade() -> None:
    # The linkage's own rule, so that the merges reopened here are exactly those its next
    # run would no longer make.
    from amanat.resolve.identifiers import reopen_stale

    session = Session(bind=op.get_bind())
    try:
        reopen_stale(session, why=WHY)
        session.flush()
    finally:
        session.close()


def downgrade() -> None:
    # The old comparison merged different phones: what was reopened stays open.
    pass
