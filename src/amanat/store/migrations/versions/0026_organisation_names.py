"""Organisation names in several languages, and each organisation's own language.

Revision ID: 0026_organisation_names
Revises: 0025

``organisation.name`` stays the English name (the directory's name of record, the
last fallback); ``organisation_name`` holds the names and short names in other
languages, one row per language; ``organisation.language`` is the organisation's own
working language, the first fallback for a reader whose language has no name.

The one name that was not English, ``name_local``, becomes a row of the language it
is written in: Cyrillic was written in Russian (the region's shared language in this
register), Latin script in Uzbekistan, Türkiye and Turkmenistan in their national
language, which becomes the organisation's own; a Latin ``name_local`` elsewhere
repeated the English name and is dropped.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
CYRILLIC = re.compile("[\u0400-\u04ff]")
LATIN_NATIONAL = {"UZ": "uz", "TR": "tr", "TM": "tk"}


def _language_of(name: str, country: str | None) -> str | None:
    if CYRILLIC.search(name):
        return "ru"
    return LATIN_NATIONAL.get(country or "")


def upgrade() -> None:
    op.create_table(
        "organisation_name",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("organisation_id", ID, nullable=False),
        sa.Column("language", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_organisation_name_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_name")),
        sa.UniqueConstraint(
            "organisation_id", "language", name=op.f("uq_organisation_name_language")
        ),
    )
    op.create_index(
        op.f("ix_organisation_name_organisation_id"), "organisation_name", ["organisation_id"]
    )
    op.add_column("organisation", sa.Column("short_name", sa.String(length=80), nullable=True))
    op.add_column("organisation", sa.Column("language", sa.String(length=40), nullable=True))
    connection = op.get_bind()
    found = connection.execute(
        sa.text("SELECT id, name_local, country FROM organisation WHERE name_local IS NOT NULL")
    ).all()
    rows = [
        {"org": org_id, "lang": lang, "name": local}
        for org_id, local, country in found
        if (lang := _language_of(local, country)) is not None
    ]
    if rows:
        connection.execute(
            sa.text(
                "INSERT INTO organisation_name (organisation_id, language, name) "
                "VALUES (:org, :lang, :name)"
            ),
            rows,
        )
    national = [row for row in rows if row["lang"] != "ru"]
    if national:
        connection.execute(
            sa.text("UPDATE organisation SET language = :lang WHERE id = :org"), national
        )
    # A plain DROP COLUMN (SQLite 3.35+): the table others point at is not rebuilt.
    op.drop_column("organisation", "name_local")


def downgrade() -> None:
    op.add_column("organisation", sa.Column("name_local", sa.String(length=200), nullable=True))
    connection = op.get_bind()
    # The name in the organisation's own language, else the Russian one.
    connection.execute(
        sa.text(
            "UPDATE organisation SET name_local = COALESCE("
            "(SELECT n.name FROM organisation_name n WHERE n.organisation_id = organisation.id "
            "AND n.language = organisation.language), "
            "(SELECT n.name FROM organisation_name n WHERE n.organisation_id = organisation.id "
            "AND n.language = 'ru'))"
        )
    )
    op.drop_column("organisation", "language")
    op.drop_column("organisation", "short_name")
    op.drop_index(op.f("ix_organisation_name_organisation_id"), table_name="organisation_name")
    op.drop_table("organisation_name")
