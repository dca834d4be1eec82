"""People found one row per person: the records of one resolved entity together, only
those the caller may see, each shown record audited; a surname alone puts its exact
spelling first; a phone or document number, however typed, finds who holds it."""

from __future__ import annotations

import pytest
from sqlalchemy import insert
from tests.actions.conftest import World

from amanat.actions.people.grouped import search_grouped
from amanat.actions.people.search import search_people
from amanat.resolve.models import EntityMember
from amanat.store.engine import transaction


def _person(name: str, **fields: object) -> dict[str, object]:
    return {"kind": "person", "ref": "p", "names": [{"full_name": name}], **fields}


def _one_man_three_records(world: World) -> dict[str, int]:
    """The KZ police's and prosecutor's records of one man (shared with the task force),
    and one the police keep to themselves; resolution joined all three."""
    ids = {
        "police": world.create("police", _person("Джуманбеков Ерлан", birth_year=1979))["p"],
        "prosecutor": world.create(
            "prosecutor",
            _person(
                "Jumanbekov Erlan",
                phones=[{"number": "+7 701 234 56 78"}],
                documents=[{"doc_type": "national_passport", "number": "N1234567"}],
            ),
        )["p"],
        "hidden": world.create("police", _person("Jumanbekov E."), group=False)["p"],
        "other": world.create("police", _person("Jumanbekov Timur", birth_year=1990))["p"],
    }
    entity = min(ids["police"], ids["prosecutor"], ids["hidden"])
    with transaction(world.engine) as session:
        session.execute(
            insert(EntityMember),
            [
                {"record_kind": "person", "record_id": ids[k], "entity_id": entity}
                for k in ("police", "prosecutor", "hidden")
            ],
        )
    return ids


def test_one_row_per_person_with_every_visible_record(world: World) -> None:
    ids = _one_man_three_records(world)
    with world.acting("prosecutor") as ctx:
        rows = search_grouped(ctx, "Jumanbekov", "case KZ-1")
    [erlan] = [row for row in rows if ids["prosecutor"] in row.records]
    assert sorted(erlan.records) == sorted([ids["police"], ids["prosecutor"]])
    assert set(erlan.names) == {"Джуманбеков Ерлан", "Jumanbekov Erlan"}
    assert len(erlan.org_ids) == 2 and erlan.birth_dates == ["1979"]
    assert 0 < erlan.match <= 1 and erlan.reasons
    # Timur is another person: his own row.  The police's own record is not there at all.
    assert [row.records for row in rows if row is not erlan] == [[ids["other"]]]
    assert all(ids["hidden"] not in row.records for row in rows)
    hits = [e for e in world.entries("search_hit") if e["purpose"] == "case KZ-1"]
    assert sorted(int(e["target"][1]) for e in hits) == sorted(
        [ids["police"], ids["prosecutor"], ids["other"]]
    )
    [search] = [e for e in world.entries("search") if e["purpose"] == "case KZ-1"]
    assert search["hits"] == 3


def test_the_owner_sees_its_own_record_in_the_row(world: World) -> None:
    ids = _one_man_three_records(world)
    with world.acting("police") as ctx:
        rows = search_grouped(ctx, "Джуманбеков", "case KZ-1")
    [erlan] = [row for row in rows if ids["police"] in row.records]
    assert sorted(erlan.records) == sorted([ids["police"], ids["prosecutor"], ids["hidden"]])


def test_a_surname_alone_ranks_its_exact_spelling_first(world: World) -> None:
    """Regression (issue 15): the record spelt as typed came last, behind other spellings
    with shorter given names (the tie was broken on the whole name's likeness)."""
    exact = world.create("police", _person("Jumanbekov Abdurakhmon Kamoliddinovich"))["p"]
    world.create("police", _person("Джуманбеков Ерлан"))
    world.create("police", _person("Zhumanbekov Ulan"))
    with world.acting("prosecutor") as ctx:
        hits = search_people(ctx, "Jumanbekov", "checking")
        rows = search_grouped(ctx, "Jumanbekov", "checking")
    assert len(hits) == 3 and hits[0].person_id == exact
    assert rows[0].person_id == exact


@pytest.mark.parametrize(
    "typed", ["8 (701) 234-56-78", "+77012345678", "87012345678", "7012345678", "00 7 701 2345678"]
)
def test_a_phone_number_however_typed_finds_who_holds_it(world: World, typed: str) -> None:
    ids = _one_man_three_records(world)
    with world.acting("police") as ctx:  # a Kazakh organisation: 8 701 … is Kazakh
        rows = search_grouped(ctx, typed, "a call record")
    assert [row.person_id for row in rows] == [ids["prosecutor"]]
    assert rows[0].match == 1.0 and rows[0].reasons == ("same phone number",)
    assert sorted(rows[0].records) == sorted([ids["police"], ids["prosecutor"], ids["hidden"]])


def test_a_phone_number_of_another_country_finds_nobody(world: World) -> None:
    _one_man_three_records(world)
    with world.acting("police") as ctx:  # the same last nine digits, a Russian number
        assert search_grouped(ctx, "+7 901 234 56 78", "a call record") == []
        assert search_grouped(ctx, "701 234", "a call record") == []


def test_a_document_number_however_typed_finds_who_holds_it(world: World) -> None:
    ids = _one_man_three_records(world)
    with world.acting("prosecutor") as ctx:
        rows = search_grouped(ctx, "n 123-45-67", "a border check")
    assert [row.person_id for row in rows] == [ids["prosecutor"]]
    assert rows[0].reasons == ("same document number",)


def test_what_the_caller_may_not_see_is_not_found_by_number(world: World) -> None:
    world.create(
        "police", _person("Secret Man", phones=[{"number": "+7 701 999 88 77"}]), group=False
    )
    with world.acting("prosecutor") as ctx:
        assert search_grouped(ctx, "+7 701 999 88 77", "checking") == []
    with world.acting("police") as ctx:
        assert len(search_grouped(ctx, "+7 701 999 88 77", "checking")) == 1


def test_a_document_number_stored_with_spaces_is_found_typed_without(world: World) -> None:
    """Regression: the filter looked for the typed digits inside the stored text, which
    "AB 12 34 567" does not hold as "1234567"."""
    made = world.create(
        "police",
        _person(
            "Tursunov Bakhtiyar",
            documents=[{"doc_type": "international_passport", "number": "AB 12 34 567"}],
        ),
    )
    with world.acting("prosecutor") as ctx:
        for typed in ("ab1234567", "AB 1234567", "АВ-12-34-567"):
            rows = search_grouped(ctx, typed, "a border check")
            assert [row.person_id for row in rows] == [made["p"]], typed
