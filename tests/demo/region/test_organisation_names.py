"""The demo's organisations are named in their own language, and in Russian where the
region would read them in it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.register import Organisation
from amanat.register.organisation import ENGLISH

from .conftest import Built


def test_every_organisation_has_a_name_in_its_own_language(tiny_region: Built) -> None:
    with Session(tiny_region.engine) as session:
        orgs = list(session.scalars(select(Organisation)))
        assert orgs and all(org.language for org in orgs)
        for org in orgs:
            named = {n.language for n in org.names}
            assert org.language == ENGLISH or org.language in named, org.code
        kz = next(org for org in orgs if org.code == "KZ-MVD")
        assert kz.name_in("kk") == "Қазақстан Республикасы Ішкі істер министрлігі"
        assert kz.name_in("ru", short=True) == "МВД РК"
        # No Tajik name: the ministry's own language, Kazakh.
        assert kz.name_in("tg") == kz.name_in("kk")
        assert kz.name_in("en") == "Kazakhstan — Interior Ministry"
