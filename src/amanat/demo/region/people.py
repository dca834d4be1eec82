"""People: true identities, and the person records organisations hold of them.

Each organisation that meets someone writes its own record, spelled its own way
(script, romanisation, order, typos) with its own partial date of birth.  Which
records belong to the same human being is known only to the ground truth file.
Victims' and witnesses' identities are sealed in the vault instead of written out.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from amanat.access.vault import PseudonymRole
from amanat.demo.population.conventions import NATIONALITIES
from amanat.demo.population.identity import Identity, make_identity, make_relative
from amanat.demo.population.noise import corrupt, recorded_birth_date
from amanat.demo.population.spelling import spell
from amanat.demo.population.styles import choose_style
from amanat.demo.region import identifiers
from amanat.demo.region.dates import iso
from amanat.demo.region.gazetteer import Gazetteer, Place
from amanat.demo.region.organisations import Org
from amanat.demo.region.provenance import provenance
from amanat.demo.region.rows import Rows
from amanat.demo.region.sealing import Vault, identity_document, plain
from amanat.demo.region.truth import Truth
from amanat.register.name_key import stored_keys
from amanat.vocab import vocabulary

# How each kind of organisation writes names (the population layer's writing kinds).
WRITING_KIND = {
    "ngo": "ngo",
    "research_media": "ngo",
    "international_org": "international",
    "regional_centre": "international",
}
# Share of records with a slip in the name: courts copy from documents, hotlines from speech.
NAME_ERROR_RATE = {"court": 0.03, "prosecutor": 0.05, "ngo": 0.12, "research_media": 0.15}
DEFAULT_ERROR_RATE = 0.08
NICKNAMES = (
    "Бек", "Сухой", "Чёрный", "Малой", "Шрам", "Хан", "Рыжий", "Доктор", "Шеф", "Старый",
    "Таксист", "Памирец", "Лысый", "Ака", "Батя", "Кент", "Тихий", "Седой",
)  # fmt: skip
STREETS = {
    "KZ": ("ул. Абая", "ул. Толе би", "пр. Республики", "ул. Жибек жолы", "мкр. Самал"),
    "KG": ("ул. Манаса", "ул. Токтогула", "ул. Ленина", "мкр. Джал"),
    "UZ": ("Navoiy ko'chasi", "Mustaqillik ko'chasi", "Amir Temur shoh ko'chasi"),
    "TJ": ("ул. Рудаки", "ул. Сомони", "ул. Айни"),
    "TM": ("Magtymguly şaýoly", "Atatürk köçesi"),
    "RU": ("ул. Ленина", "ул. Мира", "ул. Гагарина", "ул. Садовая"),
    "TR": ("Atatürk Caddesi", "Cumhuriyet Caddesi", "İstiklal Sokak"),
    "AE": ("Al Nahda Street", "Al Qusais Road"),
    "AF": ("Darulaman Road", "Salang Watt"),
}
LANGUAGES = frozenset(vocabulary("language").codes())
FIRST_DOCUMENT_DAY = dt.date(1990, 1, 2).toordinal()
NAME_FIELDS = ("kind", "full_name", "given", "patronymic", "family", "script", "language")
DOCUMENT_FIELDS = ("doc_type", "number", "issuing_country", "issued_on", "expires_on")
ADDRESS_FIELDS = ("kind", "place_id", "line", "country", "valid_from_year")
Values = tuple[Any, ...]


# People met in a country without name data of its own (the Emirates) are foreign residents.
RESIDENTS = ("UZ", "KG", "TJ", "KZ", "TR", "RU")


def local_nationality(rng: random.Random, country: str) -> str:
    """The nationality of someone who lives in ``country``."""
    if country in NATIONALITIES:
        return country
    return RESIDENTS[int(rng.random() * len(RESIDENTS))]


@dataclass(slots=True)
class Someone:
    """A human being of the demo, and the records organisations hold of them."""

    identity: Identity
    home: Place
    phone: str | None
    document: tuple[str, str] | None  # (document type, number)
    nickname: str | None = None
    # Victims and witnesses: their identity is sealed, never written in plaintext.
    protected: PseudonymRole | None = None
    records: dict[int, int] = field(default_factory=dict)  # organisation id -> person id

    @property
    def nationality(self) -> str:
        return self.identity.nationality

    @property
    def sex(self) -> str:
        return self.identity.sex


class People:
    """Makes identities and writes their records, one per organisation that meets them."""

    def __init__(self, rows: Rows, places: Gazetteer, truth: Truth, vault: Vault) -> None:
        self.rows = rows
        self.places = places
        self.truth = truth
        self.vault = vault
        self.next_identity = 1

    def new(
        self,
        rng: random.Random,
        nationality: str,
        sex: str,
        birth_year: int,
        *,
        home: Place | None = None,
        protected: PseudonymRole | None = None,
        nickname_share: float = 0.0,
    ) -> Someone:
        nationality = local_nationality(rng, nationality)
        identity = make_identity(rng, self._identity_id(), nationality, sex, birth_year)
        return self._someone(rng, identity, home, protected, nickname_share)

    def relative(
        self, rng: random.Random, of: Someone, relation: str, sex: str, birth_year: int
    ) -> Someone:
        """A family member: a different person with a similar name and the same home."""
        identity = make_relative(rng, of.identity, relation, self._identity_id(), sex, birth_year)
        return self._someone(rng, identity, of.home, of.protected, 0.1)

    def _identity_id(self) -> int:
        self.next_identity += 1
        return self.next_identity - 1

    def _someone(
        self,
        rng: random.Random,
        identity: Identity,
        home: Place | None,
        protected: PseudonymRole | None,
        nickname_share: float,
    ) -> Someone:
        country = identity.nationality
        town = home or self.places.town(rng, country if country in self.places.towns else "AF")
        document = None
        if rng.random() < 0.8:
            doc_type = "international_passport" if rng.random() < 0.6 else "id_card"
            if country in ("RU", "UZ", "TJ") and doc_type == "id_card":
                doc_type = "national_passport"
            document = (doc_type, identifiers.document_number(rng, country, doc_type))
        phone = identifiers.phone_number(rng, country) if rng.random() < 0.6 else None
        nickname = None
        if nickname_share and rng.random() < nickname_share:
            nickname = NICKNAMES[int(rng.random() * len(NICKNAMES))]
        return Someone(identity, town, phone, document, nickname, protected)

    def record(
        self,
        rng: random.Random,
        who: Someone,
        org: Org,
        day: int,
        *,
        source_kind: str = "agency_record",
        source_id: int | None = None,
    ) -> int:
        """The person record ``org`` holds of ``who``, written on first meeting."""
        found = who.records.get(org.id)
        if found is not None:
            return found
        identity = who.identity
        person_id = self.rows.reserve("person")
        year, month, day_of_month = recorded_birth_date(rng, identity)
        if month == 2 and day_of_month == 29 and year and year % 4:
            day_of_month = 28  # a year slip must not turn 29 February into an impossible date
        sex = identity.sex if rng.random() < 0.98 else None
        birth_place = who.home.id if org.kind == "court" and rng.random() < 0.5 else None
        style, names = self._names(rng, who, org)
        citizenship = identity.nationality if rng.random() < 0.9 else None
        documents, phones, addresses = self._details(rng, who, org, day)
        sensitivity = "sensitive" if who.protected else "routine"
        tail = provenance(rng, org, "P", person_id, day, source_kind, sensitivity, source_id)
        if who.protected:
            # Only what statistics need stays in the clear; the identity goes to the vault.
            self.rows.put("person", person_id, sex, None, None, None, None, None, True, None, *tail)
            sealed = identity_document(
                [plain(NAME_FIELDS, n) for n in names],
                (year, month, day_of_month),
                [citizenship] if citizenship else [],
                [plain(DOCUMENT_FIELDS, d) for d in documents],
                phones,
                [plain(ADDRESS_FIELDS, a) for a in addresses],
            )
            self.vault.protect(org, person_id, sealed, who.protected)
        else:
            self.rows.put(
                "person", person_id, sex, None, year, month, day_of_month, birth_place, False,
                None, *tail,
            )  # fmt: skip
            self._write_plain(person_id, names, citizenship, documents, phones, addresses)
        who.records[org.id] = person_id
        self.truth.write("person", person_id, identity.identity_id, style)
        return person_id

    def _write_plain(
        self,
        person_id: int,
        names: list[Values],
        citizenship: str | None,
        documents: list[Values],
        phones: list[str],
        addresses: list[Values],
    ) -> None:
        rows = self.rows
        for name in names:
            name_id = rows.add("person_name", person_id, *name)
            # The search keys the ORM would write for this name (see register.name_key).
            for key in stored_keys(name[1]):
                rows.add("person_name_key", name_id, person_id, key)
        if citizenship:
            rows.add("citizenship", person_id, citizenship)
        for document in documents:
            rows.add("identity_document", person_id, *document)
        for phone in phones:
            rows.add("person_phone", person_id, phone)
        for address in addresses:
            rows.add("person_address", person_id, *address)

    def _names(self, rng: random.Random, who: Someone, org: Org) -> tuple[str, list[Values]]:
        """The record's names (in person_name column order) and the writing style used."""
        identity = who.identity
        style = choose_style(
            rng, org.country, identity.nationality, WRITING_KIND.get(org.kind, "government")
        )
        rate = NAME_ERROR_RATE.get(org.kind, DEFAULT_ERROR_RATE)
        name = corrupt(rng, spell(rng, identity, style), rate)
        language = name.lang if name.lang in LANGUAGES else None
        names: list[Values] = [
            ("primary", name.full_name, name.given, name.patronymic, name.family, name.script,
             language)
        ]  # fmt: skip
        if who.nickname and rng.random() < 0.5:
            names.append(("nickname", who.nickname, None, None, None, "Cyrl", "ru"))
        return style, names

    def _details(
        self, rng: random.Random, who: Someone, org: Org, day: int
    ) -> tuple[list[Values], list[str], list[Values]]:
        """Documents, phones and addresses the record gives (in their tables' column order)."""
        country = who.identity.nationality
        documents: list[Values] = []
        if who.document and rng.random() < 0.55:
            doc_type, number = who.document
            if rng.random() < 0.15:
                number = number.replace(" ", "")
            issued = max(FIRST_DOCUMENT_DAY, day - int(rng.random() * 3000))
            documents.append((doc_type, number, country, iso(issued), iso(issued + 3652)))
        if country != org.country and org.country in ("RU", "KZ") and rng.random() < 0.2:
            # Foreign workers' records in Russia and Kazakhstan often carry a migration card.
            number = identifiers.document_number(rng, country, "migration_card")
            issued = day - int(rng.random() * 200)
            documents.append(("migration_card", number, org.country, iso(issued), None))
        phones: list[str] = []
        if who.phone and rng.random() < 0.3:
            phones.append(identifiers.written_phone(rng, who.phone))
        addresses: list[Values] = []
        if rng.random() < 0.3:
            street = STREETS.get(who.home.country, STREETS["RU"])
            line = f"{street[int(rng.random() * len(street))]}, {1 + int(rng.random() * 120)}"
            addresses.append(("residence", who.home.id, line, who.home.country, None))
        return documents, phones, addresses
