"""Small named datasets for resolution tests.

Pick ``tiny_register`` (on SQLite and PostgreSQL, through ``engine``) when a test needs the
database: a handful of hand-made person records whose true links are known, plus noise.
Records are grouped by what they are (``TINY``); the ids of each group are in
``TinyRegister.ids``.  Two organisations share everything with each other (community
distribution) except ``hidden``, which the KZ analyst may not see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine

from amanat.access.accounts import add_organisation, add_user
from amanat.access.roles import Role
from amanat.access.visibility import Viewer
from amanat.register import Citizenship, IdentityDocument, Person, PersonName, PersonPhone
from amanat.store.engine import transaction

# group -> records: (org, name, (year, month, day), citizenship, passport, phone)
Row = tuple[str, str, tuple[int | None, int | None, int | None], str | None, str | None, str | None]
TINY: dict[str, list[Row]] = {
    # one man written by three agencies: Cyrillic, passport capitals, informal Latin
    "erlan": [
        ("KZ-POL", "Джуманбеков Ерлан", (1985, 3, 14), "KZ", "N12345678", "+7 701 555 12 34"),
        ("KG-MVD", "JUMANBEKOV ERLAN", (1985, 3, 14), "KZ", "N 1234 5678", None),
        ("KG-MVD", "Zhumanbekov Erlan", (1985, 3, 14), "KZ", None, "8 701 555-12-34"),
    ],
    # a man and a woman with one family name and the same birthday: two people
    "ivanov": [("KZ-POL", "Иванов Александр", (1990, 5, 5), "RU", None, None)],
    "ivanova": [("KG-MVD", "Ivanova Aleksandra", (1990, 5, 5), "RU", None, None)],
    # brothers: same family name and father, different given names and birthdays
    "marat": [("KZ-POL", "Асанов Марат Бакытович", (1988, 1, 10), "KG", None, None)],
    "ruslan": [("KG-MVD", "Asanov Ruslan Bakytovich", (1990, 6, 2), "KG", None, None)],
    # noise: stand-ins for unknown names, fake birth dates, one letter, punctuation
    "noise": [
        ("KZ-POL", "неизвестно", (1900, 1, 1), None, None, None),
        ("KG-MVD", "UNKNOWN", (1900, 1, 1), None, None, None),
        ("KZ-POL", "X", (1970, 1, 1), None, None, None),
        ("KG-MVD", "X", (1970, 1, 1), None, None, None),
        ("KZ-POL", "?? --- ??", (None, None, None), None, "000000", None),
        ("KG-MVD", "N/A", (None, None, None), None, "000000", None),
    ],
}


@dataclass
class TinyRegister:
    engine: Engine
    analyst: Viewer  # KZ police analyst: sees KZ-POL and community records
    other: Viewer  # KG analyst
    ids: dict[str, list[int]] = field(default_factory=dict)

    def id(self, group: str, index: int = 0) -> int:
        return self.ids[group][index]


def add_person(
    session: object,
    org_id: int,
    name: str,
    born: tuple[int | None, int | None, int | None],
    citizenship: str | None = None,
    passport: str | None = None,
    phone: str | None = None,
    *,
    distribution: str = "community",
    protected: bool = False,
) -> int:
    year, month, day = born
    person = Person(
        org_id=org_id,
        birth_year=year,
        birth_month=month,
        birth_day=day,
        tlp="GREEN" if distribution == "community" else "AMBER",
        distribution=distribution,
        is_protected=protected,
    )
    person.names = [PersonName(full_name=name, kind="primary")]
    if citizenship:
        person.citizenships = [Citizenship(country=citizenship)]
    if passport:
        person.documents = [IdentityDocument(doc_type="international_passport", number=passport)]
    if phone:
        person.phones = [PersonPhone(number=phone)]
    session.add(person)  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    return person.id


def build_tiny(engine: Engine, extra: Iterable[tuple[str, Row]] = ()) -> TinyRegister:
    with transaction(engine) as session:
        orgs = {
            "KZ-POL": add_organisation(session, "KZ-POL", "Kazakh police", "police", "KZ").id,
            "KG-MVD": add_organisation(
                session, "KG-MVD", "Kyrgyz MVD", "interior_ministry", "KG"
            ).id,
        }
        analyst = add_user(session, "KZ-POL", "aigul", "Aigul", "analyst", "pw-aigul-123456")
        other = add_user(session, "KG-MVD", "bakyt", "Bakyt", "analyst", "pw-bakyt-123456")
        ids: dict[str, list[int]] = {}
        for group, rows in [*TINY.items(), *((g, [r]) for g, r in extra)]:
            for org, name, born, country, passport, phone in rows:
                pid = add_person(session, orgs[org], name, born, country, passport, phone)
                ids.setdefault(group, []).append(pid)
        # the same man once more, but as a protected witness: never linked on plaintext
        ids["protected"] = [
            add_person(session, orgs["KG-MVD"], "Джуманбеков Ерлан", (1985, 3, 14), "KZ",
                       "N12345678", protected=True)
        ]  # fmt: skip
        # a record only its owner sees
        ids["hidden"] = [
            add_person(session, orgs["KG-MVD"], "Жуманбеков Ерлан", (1985, 3, 14), "KZ",
                       distribution="owner")
        ]  # fmt: skip
        return TinyRegister(
            engine,
            Viewer(analyst.id, analyst.org_id, Role.analyst),
            Viewer(other.id, other.org_id, Role.analyst),
            ids,
        )


@pytest.fixture
def tiny(engine: Engine) -> TinyRegister:
    return build_tiny(engine)
