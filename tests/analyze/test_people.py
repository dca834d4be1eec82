"""Analyses count people, not records: the court's record of a defendant and the
police's record of the suspect are one person once an analyst judged them the same
(``amanat.resolve.judgements``), and so are the police's and an NGO's records of one
victim.  Each figure is also worked out with no judgement made, where people are
records: the numbers the analyses gave before they counted resolved people."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from amanat.access.visibility import visible
from amanat.analyze.flow_view import flow_view
from amanat.analyze.network.canonical import entity_of, load_canonical
from amanat.analyze.outcomes import who_reaches_conviction
from amanat.analyze.pipeline import stage_counts
from amanat.analyze.seizure_yield import seizure_yield
from amanat.analyze.statistics import persons_at_stage, victims_by_sex_age, victims_glotip
from amanat.analyze.victim_outcomes import victim_outcomes
from amanat.register import Person

from .conftest import Court, build_court


@pytest.fixture(params=[True, False], ids=["judged", "unjudged"])
def court(engine: Engine, request: pytest.FixtureRequest) -> tuple[Court, bool]:
    return build_court(engine, judged=request.param), request.param


def test_the_court_and_the_police_record_one_person(court: tuple[Court, bool]) -> None:
    register, judged = court
    scope = register.scope(case_type="tip")
    reach = {r.category: r for r in who_reaches_conviction(register.engine, scope)}
    organiser = reach["organiser"]
    # A and A' are one organiser, convicted once; as records, two convictions.
    assert (organiser.persons, organiser.reached["convicted"]) == ((1, 1) if judged else (2, 2))
    assert organiser.reached["arrested"] == 1
    # B and B' are one courier, arrested and acquitted: 100 % of him, not 50 %.
    courier = reach["transporter_courier"]
    assert courier.persons == (1 if judged else 2)
    assert courier.rate("arrested") == (1.0 if judged else 0.5)
    # E and E' were never judged the same: two records, whatever else was judged.
    exploiter = reach["exploiter"]
    assert (exploiter.persons, exploiter.reached["convicted"]) == (2, 1)


def test_publication_joins_the_courts_clear_role_to_the_events(court: tuple[Court, bool]) -> None:
    """Only the court's roles are TLP:CLEAR: without resolution they met no event, and
    the report said 0 % convicted beside a funnel full of convictions."""
    register, judged = court
    scope = register.scope(case_type="tip", publishable_only=True)
    reach = {r.category: r for r in who_reaches_conviction(register.engine, scope)}
    courier = reach["transporter_courier"]
    assert courier.persons == 1
    assert (courier.reached["arrested"], courier.reached["acquitted"]) == (
        (1, 1) if judged else (0, 0)
    )
    assert reach["organiser"].rate("convicted") == 1.0  # the court's own event on A'


def test_a_conviction_both_record_counts_once(court: tuple[Court, bool]) -> None:
    register, judged = court
    totals = stage_counts(register.engine, register.scope(case_type="tip")).total()
    assert totals["convicted"].persons == (2 if judged else 3)  # A (= A') and E
    assert totals["prosecuted"].persons == 3
    convicted = persons_at_stage(
        register.engine, register.scope(year_from=2021, year_to=2021), "convicted"
    )
    assert int(convicted.cells.sum()) == (2 if judged else 3)


def test_the_court_says_who_was_a_courier(court: tuple[Court, bool]) -> None:
    register, judged = court
    found = seizure_yield(register.engine, register.scope(year_from=2020, year_to=2020))
    assert found.drug_prosecuted == 1
    assert found.couriers_prosecuted == (1 if judged else 0)


def test_a_victim_two_agencies_recorded_counts_once(court: tuple[Court, bool]) -> None:
    register, judged = court
    scope = register.scope(year_from=2020, year_to=2020)
    outcomes = victim_outcomes(register.engine, scope)
    assert (outcomes.identified, outcomes.linked_to_case) == ((1, 1) if judged else (2, 1))
    assert outcomes.case_reached_conviction == 1
    assert int(victims_by_sex_age(register.engine, scope).cells.sum()) == (1 if judged else 2)
    glotip = victims_glotip(register.engine, scope)
    girls = dict(zip(glotip.columns, glotip.cells[glotip.rows.index("girls")], strict=True))
    # Her forms are those either record names; she counts once under each.
    assert (girls["SexualExploitation"], girls["ForcedLabour"]) == ((1, 1) if judged else (2, 1))
    flows = flow_view(register.engine, scope)
    assert flows.victims.total() == (1 if judged else 2)
    assert len(flows.journeys) == (1 if judged else 2)


def test_counting_and_networks_read_one_assignment(court_register: Court) -> None:
    """``entity_of`` in SQL groups the visible person records exactly as the networks'
    ``load_canonical`` does."""
    engine, analyst = court_register.engine, court_register.analyst
    mapped = load_canonical(engine, analyst).ids["person"]
    query = select(Person.id, entity_of("person", Person.id)).where(visible(Person, analyst))
    with engine.connect() as connection:
        in_sql = {int(r): int(e) for r, e in connection.execute(query)}

    def groups(entity_of_record: dict[int, int]) -> set[frozenset[int]]:
        found: dict[int, set[int]] = {}
        for record, entity in entity_of_record.items():
            found.setdefault(entity, set()).add(record)
        return {frozenset(g) for g in found.values()}

    from_networks = {record: mapped.get(record, record) for record in in_sql}
    assert groups(in_sql) == groups(from_networks)
    assert len(groups(in_sql)) == len(in_sql) - 4  # four judgements, four pairs
