"""Search ranking: a name in any script finds candidates ranked by the same scoring."""

from __future__ import annotations

from tests.resolve.conftest import TinyRegister

from amanat.names.dates import parse_date
from amanat.resolve.model_store import current_model
from amanat.resolve.records import PersonRecord, read_people
from amanat.resolve.run import RunOptions, resolve
from amanat.resolve.search import candidate_ids, rank
from amanat.store.engine import session_factory


def test_a_latin_query_finds_the_cyrillic_record_first(tiny: TinyRegister) -> None:
    resolve(tiny.engine, RunOptions())
    with session_factory(tiny.engine)() as session:
        ids = candidate_ids(session, tiny.analyst, "Dzhumanbekov Yerlan")
        candidates = list(read_people(session, tiny.analyst, only_ids=ids))
        model = current_model(session, "person")
    assert set(tiny.ids["erlan"]) <= set(ids)
    assert tiny.id("hidden") not in ids and tiny.id("protected") not in ids
    when = parse_date("14.03.1985")
    assert when is not None
    query = PersonRecord(0, "Dzhumanbekov Yerlan", None, when.year, when.month, when.day)
    ranked = rank(query, candidates, model)
    assert {r.record.id for r in ranked[:3]} == set(tiny.ids["erlan"])
    assert ranked[0].score > 0.9
    assert ranked[0].evidence[0].field == "name" and ranked[0].evidence[0].reasons


def test_without_a_model_the_name_layer_ranks(tiny: TinyRegister) -> None:
    with session_factory(tiny.engine)() as session:
        ids = candidate_ids(session, tiny.analyst, "Асанов Марат")
        candidates = list(read_people(session, tiny.analyst, only_ids=ids))
    ranked = rank(PersonRecord(0, "Асанов Марат"), candidates, None)
    assert ranked[0].record.id == tiny.id("marat")
    assert ranked[0].score > ranked[-1].score or len(ranked) == 1


def test_noise_finds_nothing(tiny: TinyRegister) -> None:
    with session_factory(tiny.engine)() as session:
        assert candidate_ids(session, tiny.analyst, "неизвестно") == []
        assert candidate_ids(session, tiny.analyst, "") == []
