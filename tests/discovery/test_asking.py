"""Asking within one register: a Latin query finds a Cyrillic record held by another
organisation and learns only the hit."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from tests.discovery.conftest import PASSPORT, SUSPECT_NAME, World, suspect

from amanat.access.sharing import NotFound
from amanat.actions import discovery
from amanat.actions.discovery import Query

PURPOSE = "trafficking of Uzbek workers, case 2024-117"


def _ask(world: World, *queries: Query, user: str = "police") -> list[discovery.Outcome]:
    with world.acting(user) as ctx:
        return discovery.ask(ctx, list(queries), PURPOSE, "bilateral_agreement")


def test_a_latin_query_finds_a_cyrillic_record_and_reveals_only_the_hit(
    world: World, uz_suspect: int
) -> None:
    [outcome] = _ask(world, Query(names=["Taras Shevchenko"], born="1981-03-09"))
    assert outcome.hit
    [answer] = outcome.answers
    assert answer.band == "certain"
    assert (answer.holder, answer.country) == ("UZ-MVD", "UZ")
    shown = json.dumps(asdict(answer), ensure_ascii=False)
    for secret in ("Шевченко", "Тарас", "1981", PASSPORT, f'"{uz_suspect}"', "person"):
        assert secret not in shown, secret
    assert set(asdict(answer)) == {
        "band", "reference", "holder", "holder_name", "country", "brokered"
    }  # fmt: skip
    assert not answer.brokered
    # Opaque: a new reference each time, so two askers cannot tell they hit one record.
    [again] = _ask(world, Query(names=["Taras Shevchenko"], born="1981-03-09"))
    assert again.answers[0].reference != answer.reference


def test_a_spelling_and_a_missing_date_still_hit_in_a_lower_band(
    world: World, uz_suspect: int
) -> None:
    [near] = _ask(world, Query(names=["Tarass Shevchenco"], born="1981"))
    assert near.hit and near.answers[0].band in ("probable", "possible")
    [off] = _ask(world, Query(names=["Taras Shevchenko"], born="1982"))
    assert [a.band for a in off.answers] == ["probable"]  # a year off: one band lower
    [unknown] = _ask(world, Query(names=["Taras Shevchenko"]))
    assert not unknown.hit  # salted with a year the query does not give
    [other] = _ask(world, Query(names=["Ivanov Sergei"], born="1981"))
    assert not other.hit


def test_a_document_alone_is_a_certain_hit(world: World, uz_suspect: int) -> None:
    [outcome] = _ask(world, Query(documents=[("national_passport", "uz", "aa 123-45-67")]))
    assert [a.band for a in outcome.answers] == ["certain"]


def test_what_the_asker_sees_already_is_not_asked_about(world: World) -> None:
    suspect(world, "police")  # her own organisation's record
    [outcome] = _ask(world, Query(names=[SUSPECT_NAME], born="1981"))
    assert not outcome.hit


def test_the_owner_may_hide_herself_or_the_record(world: World, uz_suspect: int) -> None:
    with world.acting("uz-police") as ctx:
        assert discovery.set_discoverable(ctx, uz_suspect, "country") == "country"
    [outcome] = _ask(world, Query(names=[SUSPECT_NAME], born="1981-03-09"))
    assert (outcome.answers[0].holder, outcome.answers[0].country) == (None, "UZ")
    with world.acting("uz-police") as ctx:
        discovery.set_discoverable(ctx, uz_suspect, "none")
    [outcome] = _ask(world, Query(names=[SUSPECT_NAME], born="1981-03-09"))
    assert not outcome.hit
    changes = world.entries("discoverable")
    assert [c["chosen"] for c in changes] == ["country", "none"]


def test_only_the_owner_changes_the_setting(world: World, uz_suspect: int) -> None:
    # Denied looks exactly like absent.
    with pytest.raises(NotFound), world.acting("police") as ctx:
        discovery.set_discoverable(ctx, uz_suspect, "organisation")


def test_both_sides_are_audited_without_the_name_typed(world: World, uz_suspect: int) -> None:
    [outcome] = _ask(world, Query(names=["Taras Shevchenko"], born="1981-03-09"))
    [asked] = world.entries("discovery.ask")
    [hit] = world.entries("discovery.hit")
    assert asked["purpose"] == hit["purpose"] == PURPOSE
    assert hit["user_id"] == world.user_id("police")
    assert hit["target"] == ("person", str(uz_suspect))
    assert hit["reference"] == outcome.answers[0].reference
    assert hit["legal_basis"] == "bilateral_agreement"
    for entry in (asked, hit):
        text = json.dumps(entry, ensure_ascii=False)
        assert "Shevchenko" not in text and "Taras" not in text and "1981" not in text


def test_the_rate_limit_holds(
    world: World, uz_suspect: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discovery, "QUERIES_PER_HOUR", 3)
    _ask(world, Query(names=["A B"]), Query(names=["C D"]))
    _ask(world, Query(names=["E F"]))
    with pytest.raises(PermissionError, match="too many"):
        _ask(world, Query(names=["G H"]))
    assert len(world.entries("discovery.ask")) == 3
    _ask(world, Query(names=["G H"]), user="prosecutor")  # per user


def test_statistics_officers_do_not_ask(world: World) -> None:
    with pytest.raises(PermissionError):
        _ask(world, Query(names=["Taras Shevchenko"]), user="stats")


def test_bad_input_names_the_field_not_the_value(world: World) -> None:
    with world.acting("police") as ctx, pytest.raises(ValueError) as caught:
        discovery.ask(ctx, [Query(names=["Taras"], born="Taras")], PURPOSE, "other")
    assert "born" in str(caught.value) and "Taras" not in str(caught.value)
    with world.acting("police") as ctx, pytest.raises(ValueError, match="basis"):
        discovery.ask(ctx, [Query(names=["Taras"])], PURPOSE, "because")
