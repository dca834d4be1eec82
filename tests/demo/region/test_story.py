"""The region tells the story of DESIGN.md section 1: attrition and lag in the
justice pipeline, who the victims are, the northern route, traced weapons,
networks in both trades, officials as facilitators."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from statistics import median

from sqlalchemy import Connection, select, text
from tests.demo.region.conftest import Built

from amanat.register import PipelineEvent as Event


def scalar(connection: Connection, sql: str) -> int:
    return int(connection.scalar(text(sql)) or 0)


def people_at(connection: Connection, stage: str, case_type: str | None = None) -> int:
    where = f" AND c.case_type = '{case_type}'" if case_type else ""
    return scalar(
        connection,
        "SELECT count(DISTINCT e.person_id) FROM pipeline_event e "
        f"JOIN case_file c ON c.id = e.case_id WHERE e.stage = '{stage}'{where}",
    )


def test_attrition_from_arrest_to_conviction(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        for case_type in ("tip", None):
            identified = people_at(connection, "suspect_identified", case_type)
            arrested = people_at(connection, "arrested", case_type)
            prosecuted = people_at(connection, "prosecuted", case_type)
            convicted = people_at(connection, "convicted", case_type)
            assert identified > arrested > prosecuted > convicted > 0, case_type
        assert 0.55 <= arrested / identified <= 0.8
        assert 0.2 <= prosecuted / arrested <= 0.45
        assert 0.45 <= convicted / prosecuted <= 0.85


def test_many_cases_are_still_open(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        total = scalar(connection, "SELECT count(*) FROM case_file")
        open_ = scalar(connection, "SELECT count(*) FROM case_file WHERE status <> 'closed'")
    assert open_ / total > 0.4


def test_verdicts_come_years_after_arrest(tiny_region: Built) -> None:
    days: dict[int, dict[str, dt.date]] = defaultdict(dict)
    with tiny_region.engine.connect() as connection:
        query = select(Event.person_id, Event.stage, Event.occurred_on).where(
            Event.stage.in_(("arrested", "convicted"))
        )
        for person_id, stage, day in connection.execute(query):
            days[person_id][stage] = day
    lags = [(d["convicted"] - d["arrested"]).days for d in days.values() if len(d) == 2]
    assert lags
    assert median(lags) > 365


def test_victims_are_mostly_men_in_forced_labour(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT v.sex, v.age_at_exploitation, x.form FROM victim v "
                "JOIN victim_exploitation x ON x.victim_id = v.id"
            )
        ).all()
    labour = [sex for sex, _, form in rows if form == "ForcedLabour"]
    sexual = [sex for sex, _, form in rows if form == "SexualExploitation"]
    assert labour.count("male") > len(labour) / 2
    assert len(labour) > len(sexual)
    assert sexual.count("female") > 0.9 * len(sexual)
    children = sum(1 for _, age, _ in rows if age is not None and age < 18)
    assert 0.15 <= children / len(rows) <= 0.35


def test_forced_labour_happens_in_kazakhstan_and_russia(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        countries = connection.execute(
            text(
                "SELECT m.country, count(*) FROM movement m "
                "JOIN victim_exploitation x ON x.victim_id = m.victim_id "
                "WHERE m.stage = 'exploitation' AND x.form = 'ForcedLabour' GROUP BY m.country"
            )
        ).all()
    by_country = dict(countries)
    assert by_country.get("KZ", 0) + by_country.get("RU", 0) > 0.7 * sum(by_country.values())


def test_drugs_come_along_the_northern_route(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        from_afghanistan = scalar(
            connection, "SELECT count(*) FROM seizure WHERE origin_country = 'AF'"
        )
        heroin = scalar(connection, "SELECT count(*) FROM seized_drug WHERE substance = 'heroin'")
        kilograms = [
            float(kg) for (kg,) in connection.execute(text("SELECT quantity_kg FROM seized_drug"))
        ]
    assert from_afghanistan > 0
    assert heroin > 0
    assert median(kilograms) < 1.0  # mostly small couriers


def test_some_seized_weapons_were_lost_from_storage(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        traced = scalar(
            connection,
            "SELECT count(*) FROM weapon seized JOIN weapon lost "
            "ON lost.serial_number = seized.serial_number "
            "WHERE seized.seizure_id IS NOT NULL AND lost.storage_loss_id IS NOT NULL",
        )
    assert traced > 0


def test_some_people_traffic_both_drugs_and_people(tiny_region: Built) -> None:
    from amanat.demo.population import read_ground_truth

    identity_of = {
        record_id: identity
        for kind, record_id, identity, _ in read_ground_truth(tiny_region.truth)
        if kind == "person"
    }
    trades: dict[int, set[str]] = defaultdict(set)
    with tiny_region.engine.connect() as connection:
        query = text(
            "SELECT r.person_id, c.case_type FROM case_role r JOIN case_file c "
            "ON c.id = r.case_id WHERE r.role IN ('suspect', 'accused', 'convicted')"
        )
        for person_id, case_type in connection.execute(query):
            trades[identity_of[person_id]].add(case_type)
    assert any({"drugs", "tip"} <= kinds for kinds in trades.values())


def test_officials_facilitate_and_are_employed_by_agencies(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        officials = scalar(
            connection,
            "SELECT count(*) FROM case_role r JOIN organisation o "
            "ON o.id = r.official_employer_id WHERE r.is_public_official "
            "AND o.kind IN ('border_service', 'police', 'customs', 'interior_ministry', "
            "'drug_control', 'other_government')",
        )
        employed = scalar(
            connection,
            "SELECT count(*) FROM relationship WHERE kind = 'employed_by' "
            "AND to_organisation_id IS NOT NULL",
        )
        paid = scalar(connection, "SELECT count(*) FROM relationship WHERE kind = 'pays'")
    assert officials > 0
    assert employed > 0
    assert paid > 0


def test_extraditions_and_appeals_happen(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        extradited = scalar(
            connection,
            "SELECT count(*) FROM pipeline_event WHERE stage = 'extradited' "
            "AND from_country IS NOT NULL AND to_country IS NOT NULL",
        )
        appeals = scalar(
            connection,
            "SELECT count(*) FROM pipeline_event WHERE appeal_outcome IS NOT NULL",
        )
        sentences = scalar(
            connection,
            "SELECT count(*) FROM pipeline_event WHERE stage = 'sentenced' "
            "AND (sentence_months IS NOT NULL OR fine_amount IS NOT NULL)",
        )
    assert extradited > 0
    assert appeals > 0
    assert sentences > 0


def test_markings_follow_sensitivity(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        marks = dict(
            connection.execute(text("SELECT tlp, count(*) FROM case_role GROUP BY tlp")).all()
        )
        victims = dict(
            connection.execute(text("SELECT tlp, count(*) FROM victim GROUP BY tlp")).all()
        )
        statistics = set(
            connection.execute(
                text("SELECT DISTINCT tlp FROM source WHERE source_kind = 'open_source'")
            ).scalars()
        )
    assert marks.get("AMBER", 0) + marks.get("GREEN", 0) > 0.5 * sum(marks.values())
    assert victims.get("AMBER+STRICT", 0) + victims.get("RED", 0) > 0.5 * sum(victims.values())
    # Only victims in a verdict a court published are CLEAR (see demo.region.publication).
    assert victims.get("CLEAR", 0) < 0.1 * sum(victims.values())
    assert statistics == {"CLEAR"}
    with tiny_region.engine.connect() as connection:
        stray = scalar(
            connection,
            "SELECT count(*) FROM victim v LEFT JOIN case_file c ON c.id = v.case_id "
            "WHERE v.tlp = 'CLEAR' AND (c.tlp IS NULL OR c.tlp <> 'CLEAR' "
            "OR v.status_decided_by = 'NGO')",
        )
    assert stray == 0


def test_protected_identities_are_sealed_not_written_out(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        protected = scalar(connection, "SELECT count(*) FROM person WHERE is_protected")
        sealed = scalar(connection, "SELECT count(*) FROM protected_identity")
        plaintext = scalar(
            connection,
            "SELECT count(*) FROM person_name n JOIN person p ON p.id = n.person_id "
            "WHERE p.is_protected",
        )
        birth_dates = scalar(
            connection, "SELECT count(*) FROM person WHERE is_protected AND birth_year IS NOT NULL"
        )
        unkeyed = scalar(
            connection,
            "SELECT count(*) FROM person_name n WHERE NOT EXISTS "
            "(SELECT 1 FROM person_name_key k WHERE k.name_id = n.id)",
        )
    assert protected > 0
    assert sealed == protected
    assert plaintext == 0
    assert birth_dates == 0
    assert unkeyed == 0
