"""One case from report to verdict: the case file, its people, charges, victims,
seizures and pipeline events, each asserted by the organisation that would know.

The lead agency records the case, its suspects, witnesses and victims; the
prosecutor charges; the court keeps its own record of everyone it tries; the
regional centre and the suspect's home country keep theirs of foreigners.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from amanat.access.vault import PseudonymRole
from amanat.demo.region import dates, publication
from amanat.demo.region.casefile import CaseFile
from amanat.demo.region.charges import law_name, pick_articles
from amanat.demo.region.gazetteer import Place
from amanat.demo.region.organisations import Org
from amanat.demo.region.people import Someone, local_nationality
from amanat.demo.region.pipeline import Outcome, Pipeline
from amanat.demo.region.provenance import provenance
from amanat.demo.region.roles import add_role
from amanat.demo.region.routes import Route
from amanat.demo.region.seizures import add_seizure
from amanat.demo.region.victims import VictimPlan, Victims
from amanat.demo.region.world import World

ABROAD = ("KZ", "RU", "KG", "UZ", "TJ", "TR", "AE")
POOLED_SHARE = 0.35  # foreign suspects the regional centre also records
WANTED_SHARE = 0.2  # foreign suspects their home country also records (wanted notices)


@dataclass(slots=True)
class Participant:
    """Someone on the wrong side of a case: a suspect, or a facilitator named in it."""

    who: Someone
    perpetrator_role: str | None = None
    facilitator_kind: str | None = None
    position: str | None = None  # an official's post
    employer: Org | None = None
    facilitator_only: bool = False  # named as a facilitator, never made a suspect


@dataclass(slots=True)
class SeizurePlan:
    place: Place
    seized_by: Org
    route: Route | None
    large: bool = False
    weapons: int = 0
    traced_share: float = 0.2


@dataclass(slots=True)
class CasePlan:
    case_type: str
    jurisdiction: str
    opened: int
    lead: Org
    place: Place
    title: str
    suspects: list[Participant]
    victims: VictimPlan | None = None
    seizure: SeizurePlan | None = None
    witnesses: int = 0


@dataclass(slots=True)
class CaseResult:
    case: CaseFile
    # Each participant's person record at the lead agency, and how far they got.
    people: list[tuple[Participant, int, Outcome | None]] = field(default_factory=list)


def open_case(world: World, rng: random.Random, plan: CasePlan) -> CaseResult:
    rows, orgs, places = world.rows, world.orgs, world.places
    j, lead, opened = plan.jurisdiction, plan.lead, plan.opened
    case_id = rows.reserve("case_file")
    start = publication.pending_counts(rows)
    court = orgs.first(j, "court") or lead
    court_town = places.town_in(rng, j, court.region)
    abroad_country = ABROAD[int(rng.random() * len(ABROAD))]
    if abroad_country == j:
        abroad_country = "RU" if j != "RU" else "KZ"
    case = CaseFile(
        case_id=case_id,
        case_type=plan.case_type,
        jurisdiction=j,
        number=f"{dates.year(opened)}/{lead.code}/{case_id:07d}",
        lead=lead,
        prosecutor=orgs.first(j, "prosecutor") or lead,
        court=court,
        court_name=court.name if court.kind == "court" else f"{court_town.name} City Court",
        place_id=plan.place.id,
        court_place_id=court_town.id,
        sources=world.sources,
        abroad=(abroad_country, places.town(rng, abroad_country).id),
    )
    pipeline = Pipeline(world, case)
    pipeline.event(rng, "reported", max(dates.START, opened - int(rng.random() * 20)), None)
    pipeline.event(rng, "investigation_opened", opened, None)
    result = CaseResult(case)
    for participant in plan.suspects:
        result.people.append(_participant(world, rng, case, pipeline, participant, opened))
    for _ in range(plan.witnesses):
        witness = world.people.new(
            rng,
            local_nationality(rng, j),
            "male" if rng.random() < 0.6 else "female",
            1955 + int(rng.random() * 50),
            protected=PseudonymRole.WITNESS,
        )
        day = min(dates.HORIZON, opened + int(rng.random() * 90))
        person_id = world.people.record(rng, witness, lead, day)
        add_role(rows, rng, lead, case_id, person_id, "witness", day, sensitivity="sensitive")
    if plan.victims is not None:
        identified = max(dates.START, opened - int(rng.random() * 30))
        Victims(world).add(rng, plan.victims, identified, case)
    if plan.seizure is not None:
        seizure = plan.seizure
        add_seizure(
            world,
            rng,
            case,
            seizure.seized_by,
            opened,
            seizure.place,
            route=seizure.route,
            large=seizure.large,
            weapons=seizure.weapons,
            traced_share=seizure.traced_share,
        )
    status, closed = _status(rng, [o for _, _, o in result.people if o is not None], opened)
    sensitivity = "sensitive" if plan.case_type == "tip" else "routine"
    verdicts = {o.verdict for _, _, o in result.people if o is not None and o.verdict}
    if publication.is_published(case_id, status, verdicts):
        sensitivity = "public"  # the court published the verdict
        publication.mark_case_rows(rows, case_id, start)
    rows.put(
        "case_file",
        case_id,
        plan.case_type,
        j,
        case.number,
        plan.title,
        status,
        dates.iso(opened),
        dates.iso(closed) if closed is not None else None,
        None,
        *provenance(rng, lead, "C", case_id, opened, "agency_record", sensitivity),
    )
    return result


def _participant(
    world: World,
    rng: random.Random,
    case: CaseFile,
    pipeline: Pipeline,
    participant: Participant,
    opened: int,
) -> tuple[Participant, int, Outcome | None]:
    rows, people = world.rows, world.people
    who = participant.who
    identified = min(dates.HORIZON, opened + int(rng.expovariate(1 / 20)))
    person_id = people.record(rng, who, case.lead, identified)
    add_role(
        rows,
        rng,
        case.lead,
        case.case_id,
        person_id,
        "facilitator" if participant.facilitator_only else "suspect",
        identified,
        perpetrator_role=participant.perpetrator_role,
        facilitator_kind=participant.facilitator_kind,
        position=participant.position,
        employer=participant.employer,
    )
    if who.nationality != case.jurisdiction:
        _foreigner(world, rng, case, who, identified)
    if participant.facilitator_only:
        return participant, person_id, None
    outcome = pipeline.person(rng, person_id, identified, official=participant.position is not None)
    if outcome.charged:
        day = min(dates.HORIZON, outcome.last_day)
        for article, part, description in pick_articles(rng, case.jurisdiction, case.case_type):
            rows.add(
                "charge",
                case.case_id,
                person_id,
                case.jurisdiction,
                article,
                part,
                f"{law_name(case.jurisdiction)} art. {article}: {description}",
            )
        add_role(
            rows,
            rng,
            case.prosecutor,
            case.case_id,
            person_id,
            "accused",
            day,
            perpetrator_role=participant.perpetrator_role,
        )
    if outcome.verdict in ("convicted", "acquitted") and outcome.verdict_day is not None:
        # The court's own record of the defendant, spelled from the documents before it.
        day = outcome.verdict_day
        source_id = case.decision(rng, day)
        court_person = people.record(
            rng, who, case.court, day, source_kind="court_decision", source_id=source_id
        )
        add_role(
            rows,
            rng,
            case.court,
            case.case_id,
            court_person,
            outcome.verdict,
            day,
            perpetrator_role=participant.perpetrator_role,
            source_kind="court_decision",
            sensitivity="court",
            source_id=source_id,
        )
    return participant, person_id, outcome


def _foreigner(world: World, rng: random.Random, case: CaseFile, who: Someone, day: int) -> None:
    """Foreign suspects are pooled at a regional centre and often wanted at home."""
    orgs = world.orgs
    if rng.random() < POOLED_SHARE:
        centre = orgs.by_code["RC-ALMATY" if rng.random() < 0.7 else "RC-TASHKENT"]
        world.people.record(rng, who, centre, day)
    if rng.random() < WANTED_SHARE:
        home = orgs.lead(who.nationality, case.case_type)
        if home:
            world.people.record(rng, who, home[0], day)


def _status(rng: random.Random, outcomes: list[Outcome], opened: int) -> tuple[str, int | None]:
    """The case's status at the horizon, and the day it closed if it did."""
    if any(o.appeal_pending for o in outcomes):
        return "appeal", None
    if outcomes and all(o.resolved for o in outcomes):
        return "closed", max(o.last_day for o in outcomes)
    if any(o.tried and not o.resolved for o in outcomes):
        return "trial", None
    if any(o.charged and not o.resolved for o in outcomes):
        return "prosecution", None
    if dates.HORIZON - opened < 20:
        return "reported", None
    # Old cases with nobody in custody are suspended more often than not.
    if dates.HORIZON - opened > 3 * 365 and rng.random() < 0.55:
        return "suspended", None
    return "investigation", None
