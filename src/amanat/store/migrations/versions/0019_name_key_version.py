"""Record which version of the phonetic key built the stored search keys
(``amanat.register.name_key_version``).

A register that already holds keys was keyed by the function before versions were kept:
version 1.  Searches in it are refused until ``amanat names rekey`` rebuilds its keys with
this code's function (version 2 changed the keys of names with ь/ъ before -ев, ң, quotes
inside a word).  An empty register gets this code's version: every key written from now on
is this code's.

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE_VERSIONS = 1


def upgrade() -> None:
    from amanat.names.phonetic import KEY_VERSION

    table = op.create_table(
        "name_key_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_name_key_version")),
    )
    keyed = op.get_bind().execute(sa.text("SELECT 1 FROM person_name_key LIMIT 1")).first()
    version = BEFORE_VERSIONS if keyed is not None else KEY_VERSION
    op.bulk_insert(table, [{"id": 1, "version": version}])


def downgrade() -> None:
    op.drop_table("name_key_version")
