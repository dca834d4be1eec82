"""Small named datasets for the analyses, each small enough to compute by hand.

How to pick one:
- ``monitoring``: one hand-made register on each back end (SQLite and PostgreSQL):
  Kazakh trafficking cases at every stage, a drug case with a seizure and weapons,
  victims with journeys, a group, and a case owned by another organisation that
  the main viewer must not see.  Gives the engine, the viewers and record ids; the
  expected numbers are worked out in the tests that use it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from amanat.access.accounts import add_organisation
from amanat.access.models import User
from amanat.access.roles import Role
from amanat.access.visibility import Viewer
from amanat.analyze.scope import Scope
from amanat.register import (
    Case,
    CaseRole,
    CriminalGroup,
    Movement,
    Person,
    PipelineEvent,
    Relationship,
    SeizedDrug,
    Seizure,
    StorageLoss,
    Vehicle,
    Victim,
    VictimExploitation,
    Weapon,
)
from amanat.register.person import Citizenship
from amanat.resolve.judgements import judge
from amanat.store.engine import transaction

AS_OF = dt.date(2022, 1, 1)


@dataclass
class Monitoring:
    engine: Engine
    police: Viewer  # KZ police: owns almost everything
    other: Viewer  # another agency: sees community records and its own case only
    ids: dict[str, int] = field(default_factory=dict)

    def scope(self, viewer: Viewer | None = None, **fields: object) -> Scope:
        return Scope(viewer or self.police, as_of=AS_OF, **fields)  # type: ignore[arg-type]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Writer:
    def __init__(self, session: Session, org_id: int) -> None:
        self.session = session
        self.org_id = org_id

    def add(self, record: object, **marks: object) -> int:
        if hasattr(record, "org_id") and record.org_id is None:  # type: ignore[attr-defined]
            record.org_id = self.org_id  # type: ignore[attr-defined]
        for key, value in marks.items():
            setattr(record, key, value)
        self.session.add(record)
        self.session.flush()
        return int(record.id)  # type: ignore[attr-defined]

    def events(
        self, case_id: int, person_id: int | None, *stages: tuple[str, str], **marks: object
    ) -> None:
        for stage, day in stages:
            self.add(
                PipelineEvent(
                    case_id=case_id, person_id=person_id, stage=stage, occurred_on=d(day)
                ),
                **marks,
            )


def _cases(w: Writer, ids: dict[str, int]) -> None:
    ids["case1"] = w.add(Case(case_type="tip", jurisdiction="KZ", opened_on=d("2020-02-01")))
    ids["case2"] = w.add(Case(case_type="tip", jurisdiction="KZ", opened_on=d("2021-03-01")))
    ids["case3"] = w.add(Case(case_type="tip", jurisdiction="KZ", opened_on=d("2021-06-01")))
    ids["case5"] = w.add(Case(case_type="drugs", jurisdiction="KZ", opened_on=d("2020-05-01")))
    ids["case6"] = w.add(Case(case_type="tip", jurisdiction="UZ", opened_on=d("2020-05-01")))
    for name, sex, citizen in (
        ("p1", "male", "KZ"),
        ("p2", "female", "UZ"),
        ("p3", "male", "KZ"),
        ("p5", "male", "KG"),
    ):
        ids[name] = w.add(Person(sex=sex))
        w.session.add(Citizenship(person_id=ids[name], country=citizen))
    c1, c2, c5 = ids["case1"], ids["case2"], ids["case5"]
    w.add(CaseRole(case_id=c1, person_id=ids["p1"], role="accused", perpetrator_role="Organiser"))
    w.add(CaseRole(case_id=c1, person_id=ids["p2"], role="accused", perpetrator_role="Courier"))
    w.add(
        CaseRole(
            case_id=c2,
            person_id=ids["p3"],
            role="facilitator",
            perpetrator_role="Other",
            facilitator_kind="border_guard",
            is_public_official=True,
        )
    )
    w.add(CaseRole(case_id=c5, person_id=ids["p5"], role="accused", perpetrator_role="Courier"))
    w.add(CaseRole(case_id=c5, person_id=ids["p1"], role="suspect", perpetrator_role="Organiser"))
    for case_id, opened in (
        (c1, "2020-02-01"),
        (c2, "2021-03-01"),
        (ids["case3"], "2021-06-01"),
        (ids["case6"], "2020-05-01"),
    ):
        w.events(case_id, None, ("reported", opened))
    w.events(c1, None, ("investigation_opened", "2020-02-11"))
    w.events(c2, None, ("investigation_opened", "2021-03-21"))
    w.events(
        c1,
        ids["p1"],
        ("suspect_identified", "2020-03-01"),
        ("arrested", "2020-04-01"),
        ("charged", "2020-05-01"),
        ("prosecuted", "2020-06-01"),
        ("convicted", "2021-01-01"),
    )
    w.events(
        c1,
        ids["p2"],
        ("suspect_identified", "2020-03-01"),
        ("arrested", "2020-03-11"),
        ("charged", "2020-05-01"),
        ("prosecuted", "2020-06-01"),
        ("acquitted", "2021-02-01"),
    )
    w.events(c2, ids["p3"], ("suspect_identified", "2021-04-01"))
    w.events(c5, None, ("reported", "2020-05-01"))
    w.events(c5, ids["p5"], ("suspect_identified", "2020-05-02"), ("prosecuted", "2020-07-01"))


def _goods(w: Writer, ids: dict[str, int]) -> None:
    s1 = w.add(
        Seizure(
            case_id=ids["case5"],
            seized_on=d("2020-05-01"),
            country="KZ",
            origin_country="AF",
            destination_country="RU",
        )
    )
    w.session.add_all(
        [
            SeizedDrug(seizure_id=s1, substance="heroin", quantity_kg=2.5),
            SeizedDrug(seizure_id=s1, substance="hashish", quantity_kg=0.5),
        ]
    )
    s2 = w.add(
        Seizure(
            seized_on=d("2020-08-01"), country="KG", origin_country="AF", destination_country="RU"
        )
    )
    w.session.add(SeizedDrug(seizure_id=s2, substance="heroin", quantity_kg=1.0))
    loss = w.add(StorageLoss(reported_on=d("2015-01-01"), country="TJ"))
    w.add(Weapon(weapon_type="assault_rifle", serial_number="AK-1", storage_loss_id=loss))
    w.add(Weapon(weapon_type="assault_rifle", serial_number="AK-1", seizure_id=s1))
    w.add(Weapon(weapon_type="pistol", seizure_id=s1))
    ids["seizure1"] = s1


def _network(w: Writer, ids: dict[str, int]) -> None:
    ids["g1"] = w.add(CriminalGroup(kind="organised_crime_group", name="Pamir"))
    ids["v1"] = w.add(Vehicle(plate="123ABC02"))
    w.add(Relationship(kind="member_of", from_person_id=ids["p1"], to_group_id=ids["g1"]))
    w.add(Relationship(kind="member_of", from_person_id=ids["p5"], to_group_id=ids["g1"]))
    w.add(Relationship(kind="associate", from_person_id=ids["p1"], to_person_id=ids["p3"]))
    w.add(Relationship(kind="owns", from_person_id=ids["p5"], to_vehicle_id=ids["v1"]))


def _victims(w: Writer, ids: dict[str, int]) -> None:
    journeys = {
        "v1": (
            ids["case1"],
            "female",
            16,
            "UZ",
            ["SexualExploitation"],
            [
                ("recruitment", "UZ"),
                ("transit", "KZ"),
                ("exploitation", "RU"),
                ("identification", "RU"),
            ],
        ),
        "v2": (
            ids["case2"],
            "male",
            30,
            "KG",
            ["ForcedLabour"],
            [("recruitment", "KG"), ("exploitation", "KZ"), ("identification", "KZ")],
        ),
        "v3": (
            None,
            "male",
            None,
            "TJ",
            ["ForcedLabour", "Servitude"],
            [
                ("recruitment", "TJ"),
                ("transit", "UZ"),
                ("transit", "KZ"),
                ("exploitation", "RU"),
                ("identification", "KZ"),
            ],
        ),
    }
    for name, (case_id, sex, age, citizen, forms, steps) in journeys.items():
        ids[name] = w.add(
            Victim(
                case_id=case_id,
                sex=sex,
                age_at_exploitation=age,
                citizenship=citizen,
                trafficking_status="ActualVictim",
                identified_on=d("2020-05-01"),
            ),
            tlp="CLEAR",
            distribution="community",
        )
        w.session.add_all(VictimExploitation(victim_id=ids[name], form=f) for f in forms)
        w.session.add_all(
            Movement(victim_id=ids[name], sequence=i, stage=s, country=c)
            for i, (s, c) in enumerate(steps)
        )


def build(engine: Engine) -> Monitoring:
    with transaction(engine) as session:
        police = add_organisation(session, "KZ-POL", "Kazakh police", "police", "KZ")
        other = add_organisation(session, "UZ-PRO", "Uzbek prosecutor", "prosecutor", "UZ")
        ids: dict[str, int] = {"police": police.id, "other": other.id}
        w = Writer(session, police.id)
        _cases(w, ids)
        _goods(w, ids)
        _network(w, ids)
        _victims(w, ids)
        # Another agency's case, marked for its owner alone: the police must not see it.
        theirs = Writer(session, other.id)
        ids["case4"] = theirs.add(
            Case(case_type="tip", jurisdiction="KZ", opened_on=d("2020-03-01"))
        )
        ids["p4"] = theirs.add(Person(sex="male"))
        theirs.add(
            CaseRole(
                case_id=ids["case4"],
                person_id=ids["p4"],
                role="suspect",
                perpetrator_role="Exploiter",
            )
        )
        theirs.events(ids["case4"], None, ("reported", "2020-03-01"))
        theirs.events(
            ids["case4"],
            ids["p4"],
            ("suspect_identified", "2020-03-05"),
            ("arrested", "2020-03-06"),
        )
    return Monitoring(
        engine,
        Viewer(1, ids["police"], Role.analyst),
        Viewer(2, ids["other"], Role.analyst),
        ids,
    )


@pytest.fixture
def monitoring(engine: Engine) -> Monitoring:
    return build(engine)


# Shared with the whole community, so that the regional analyst sees (and may judge) them.
SHARED: dict[str, object] = {"tlp": "GREEN", "distribution": "community"}
PUBLIC: dict[str, object] = {"tlp": "CLEAR", "distribution": "community"}


@dataclass
class Court:
    engine: Engine
    analyst: Viewer  # a regional centre's analyst, who sees and judges both agencies' records
    ids: dict[str, int] = field(default_factory=dict)

    def scope(self, **fields: object) -> Scope:
        return Scope(self.analyst, as_of=AS_OF, country="KZ", **fields)  # type: ignore[arg-type]


def _defendants(police: Writer, court: Writer, ids: dict[str, int]) -> None:
    """Three defendants in one trafficking case; every pipeline event is on the police's
    record, as the demo writes them; the court keeps its own record and role."""
    case = ids["case"] = police.add(
        Case(case_type="tip", jurisdiction="KZ", opened_on=d("2020-02-01")), **PUBLIC
    )
    police.events(
        case, None, ("reported", "2020-02-01"), ("investigation_opened", "2020-02-02"), **PUBLIC
    )
    for name, role, verdict in (
        ("a", "Organiser", "convicted"),
        ("b", "Courier", "acquitted"),
        ("e", "Exploiter", "convicted"),
    ):
        ids[name] = police.add(Person(sex="male"), **SHARED)
        ids[f"{name}_court"] = court.add(Person(sex="male"), **SHARED)
        police.add(
            CaseRole(case_id=case, person_id=ids[name], role="suspect", perpetrator_role=role),
            **SHARED,
        )
        court.add(
            CaseRole(
                case_id=case, person_id=ids[f"{name}_court"], role=verdict, perpetrator_role=role
            ),
            **PUBLIC,
        )
        police.events(
            case,
            ids[name],
            ("suspect_identified", "2020-03-01"),
            ("arrested", "2020-03-02"),
            ("charged", "2020-05-01"),
            ("prosecuted", "2020-06-01"),
            (verdict, "2021-01-10"),
            **PUBLIC,
        )
    # The court also records A's conviction, on its own record of him.
    court.events(case, ids["a_court"], ("convicted", "2021-01-10"), **PUBLIC)


def _drug_case(police: Writer, court: Writer, ids: dict[str, int]) -> None:
    """A drug case: the police do not say what C did; the court says he was a courier."""
    case = ids["drug_case"] = police.add(
        Case(case_type="drugs", jurisdiction="KZ", opened_on=d("2020-02-01")), **SHARED
    )
    ids["c"] = police.add(Person(sex="male"), **SHARED)
    ids["c_court"] = court.add(Person(sex="male"), **SHARED)
    police.add(CaseRole(case_id=case, person_id=ids["c"], role="suspect"), **SHARED)
    court.add(
        CaseRole(
            case_id=case, person_id=ids["c_court"], role="convicted", perpetrator_role="Courier"
        ),
        **SHARED,
    )
    police.events(case, ids["c"], ("prosecuted", "2020-04-01"), **SHARED)


def _victim(police: Writer, ngo: Writer, ids: dict[str, int]) -> None:
    """One girl recorded as a victim by the police (in the case) and by an NGO."""
    for name, writer, case_id, forms in (
        ("v", police, ids["case"], ["SexualExploitation"]),
        ("v_ngo", ngo, None, ["SexualExploitation", "ForcedLabour"]),
    ):
        ids[f"{name}_person"] = writer.add(Person(sex="female"), **SHARED)
        ids[name] = writer.add(
            Victim(
                person_id=ids[f"{name}_person"],
                case_id=case_id,
                sex="female",
                age_at_exploitation=16,
                citizenship="UZ",
                trafficking_status="ActualVictim",
                identified_on=d("2020-05-01"),
            ),
            **SHARED,
        )
        writer.session.add_all(VictimExploitation(victim_id=ids[name], form=f) for f in forms)
        steps = [("recruitment", "UZ"), ("exploitation", "KZ"), ("identification", "KZ")]
        writer.session.add_all(
            Movement(victim_id=ids[name], sequence=i, stage=s, country=c)
            for i, (s, c) in enumerate(steps)
        )


def build_court(engine: Engine, *, judged: bool = True) -> Court:
    """Police, court and NGO records of the same people.

    A (organiser), B (courier) and E (exploiter) are suspects in one trafficking case;
    the police record them and every event of theirs (up to the verdict: A and E
    convicted, B acquitted); the court keeps records A', B', E' with its verdict as
    their role, and records A's conviction again on A'.  An analyst judged A = A' and
    B = B' the same person; nobody has judged E and E'.  In a drug case the court
    records C' as a convicted courier; the police record C, prosecuted (C = C').  A
    girl is a victim in the police's record V (in the case) and the NGO's V' (V = V').
    Case, events and court roles are TLP:CLEAR; the police's roles are not.
    ``judged=False`` leaves out every judgement: people are records.
    """
    with transaction(engine) as session:
        orgs = [
            add_organisation(session, code, name, kind, "KZ")
            for code, name, kind in (
                ("KZ-POL", "Police", "police"),
                ("KZ-COURT", "Court", "court"),
                ("KZ-NGO", "Shelter", "ngo"),
                ("RC-ALMATY", "Regional centre", "regional_centre"),
            )
        ]
        police, court, ngo = (Writer(session, org.id) for org in orgs[:3])
        user = User(org_id=orgs[3].id, username="rc", display_name="RC", role="analyst")
        session.add(user)
        session.flush()
        analyst = Viewer(user.id, orgs[3].id, Role.analyst)
        ids: dict[str, int] = {}
        _defendants(police, court, ids)
        _drug_case(police, court, ids)
        _victim(police, ngo, ids)
        if judged:
            for left, right in (("a", "a_court"), ("b", "b_court"), ("c", "c_court")):
                judge(session, analyst, "person", ids[left], ids[right], "same")
            judge(session, analyst, "person", ids["v_person"], ids["v_ngo_person"], "same")
    return Court(engine, analyst, ids)


@pytest.fixture
def court_register(engine: Engine) -> Court:
    return build_court(engine)
