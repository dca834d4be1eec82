"""The demo's identifier linkage merges no numbers of different countries (issue 14).

The small demo region, as `amanat demo` builds it, with phones of other countries
planted beside its own: each planted number has the last nine digits of a demo phone
(+7 901 … beside +7 701 …, +992 90 … beside +998 90 …), which once made them one phone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from sqlalchemy import Engine, Select, select

from amanat.demo.population import read_ground_truth
from amanat.demo.region import build_region
from amanat.register import Organisation, Phone
from amanat.resolve import canonical
from amanat.resolve.identifiers import link_identifiers, number_key
from amanat.resolve.models import Judgement
from amanat.store.engine import session_factory, transaction

DEMO_SEED = 1  # the seed `amanat demo` builds
PLANTED = 30  # at most, per country planted
# the start of a demo phone's key -> the start of another country's number with the same
# last nine digits, and that country
NEIGHBOURS = {"+77": ("+79", "RU"), "+79": ("+77", "KZ"), "+998": ("+992", "TJ")}


def _phones() -> Select[Any]:
    return select(
        Phone.id, Phone.number, Phone.country, Organisation.country.label("org_country")
    ).join(Organisation, Organisation.id == Phone.org_id)


def _key(row: Any) -> str | None:
    return number_key(row.number, row.country, row.org_country)


def _country(key: str | None) -> str | None:
    assert key is not None
    found: str | None = phonenumbers.region_code_for_number(phonenumbers.parse(key))
    return found


def _plant(engine: Engine) -> dict[int, str]:
    """Phones of another country beside demo phones: planted id -> its neighbour's key."""
    planted: dict[str, list[tuple[Phone, str]]] = {"RU": [], "KZ": [], "TJ": []}
    with transaction(engine) as session:
        orgs = {c: org for c, org in session.execute(select(Organisation.country, Organisation.id))}
        for row in session.execute(_phones()).all():
            key = _key(row)
            start = next((s for s in NEIGHBOURS if key and key.startswith(s)), None)
            if key is None or start is None:
                continue
            other, country = NEIGHBOURS[start]
            number = other + key[len(start) :]
            # a valid number of the other country, recorded by one of its agencies
            fresh = all(phone.number != number for phone, _ in planted[country])
            if fresh and len(planted[country]) < PLANTED and number_key(number, None, None):
                phone = Phone(org_id=orgs[country], number=number)
                planted[country].append((phone, key))
        session.add_all(phone for pairs in planted.values() for phone, _ in pairs)
        session.flush()
        return {phone.id: key for pairs in planted.values() for phone, key in pairs}


@pytest.mark.slow
def test_the_demos_identifier_linkage_merges_no_numbers_of_different_countries(
    engine: Engine, tmp_path: Path
) -> None:
    truth = tmp_path / "truth.csv"
    build_region(engine, "small", DEMO_SEED, truth)
    planted = _plant(engine)
    with session_factory(engine)() as session:
        phones = {row.id: row for row in session.execute(_phones())}
    countries = {_country(_key(phones[p])) for p in planted}
    assert countries == {"RU", "KZ", "TJ"} and len(planted) >= 50
    for record, neighbour in planted.items():  # once one phone, now two countries'
        assert _key(phones[record])[-9:] == neighbour[-9:]  # type: ignore[index]
        assert _country(_key(phones[record])) != _country(neighbour)
    with transaction(engine) as session:
        made = link_identifiers(session)
    assert made["phone"] > 100  # the demo's phones recorded by several agencies merge
    true_phone = {r: t for kind, r, t, _ in read_ground_truth(truth) if kind == "phone"}
    with session_factory(engine)() as session:
        merges = session.execute(
            select(Judgement.left_id, Judgement.right_id, Judgement.note).where(
                Judgement.record_kind == "phone", Judgement.undone_at.is_(None)
            )
        ).all()
        for record in planted:  # no planted number joined a demo phone
            assert canonical.entity_of(session, "phone", record) == record
    for left, right, note in merges:
        assert true_phone[left] == true_phone[right]  # one true phone: no planted one
        if note == "same phone number":
            assert _country(_key(phones[left])) == _country(_key(phones[right]))
