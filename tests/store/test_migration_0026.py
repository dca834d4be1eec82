"""Revision 0026 keeps each organisation's one local name as a name in the language it
is written in, on both back ends; the downgrade gives it back."""

from __future__ import annotations

from sqlalchemy import Engine, text

from amanat.store.migrate import current_revision, downgrade, head_revision, upgrade

ORGS = (
    # id, code, country, name_local
    (1, "KZ-POL", "KZ", "Полиция Казахстана"),
    (2, "UZ-MVD", "UZ", "Ichki ishlar vazirligi"),
    (3, "AE-POL", "AE", "Emirate Police"),  # repeats the English name: dropped
    (4, "KG-NGO", "KG", None),
)


def test_0026_moves_the_local_name_to_its_language_and_back(engine: Engine) -> None:
    downgrade(engine, "0025")
    with engine.begin() as connection:
        for org_id, code, country, local in ORGS:
            connection.execute(
                text(
                    "INSERT INTO organisation (id, code, name, name_local, kind, country, "
                    "created_at) VALUES (:id, :code, :name, :local, 'police', :country, "
                    "CURRENT_TIMESTAMP)"
                ),
                {"id": org_id, "code": code, "name": f"{code} name", "local": local,
                 "country": country},
            )  # fmt: skip
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT organisation_id, language, name FROM organisation_name ORDER BY 1")
        ).all()
    assert [tuple(r) for r in rows] == [
        (1, "ru", "Полиция Казахстана"),
        (2, "uz", "Ichki ishlar vazirligi"),
    ]
    downgrade(engine, "0025")
    with engine.connect() as connection:
        kept = connection.execute(text("SELECT id, name_local FROM organisation ORDER BY id"))
        assert [tuple(r) for r in kept] == [
            (1, "Полиция Казахстана"),
            (2, "Ichki ishlar vazirligi"),
            (3, None),
            (4, None),
        ]
    upgrade(engine)
