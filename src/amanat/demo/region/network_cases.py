"""The cases a network runs into over its active years.

Drug networks lose couriers at border crossings; trafficking networks are caught
by victims' testimony at home or abroad; officials on the payroll appear now as
facilitators, now (rarely) as suspects in corruption cases; financiers in money
laundering cases.  Leaders are seldom in the dock.
"""

from __future__ import annotations

import random

from amanat.demo.population.mix import Mix
from amanat.demo.region import dates
from amanat.demo.region.cases import CasePlan, Participant, SeizurePlan, open_case
from amanat.demo.region.gazetteer import Place
from amanat.demo.region.intelligence import intelligence_file, pooled_file, publish
from amanat.demo.region.networks import AF_RECORDS_END, Network, compose
from amanat.demo.region.organisations import Org
from amanat.demo.region.profiles import HOME, group_size
from amanat.demo.region.relations import relate
from amanat.demo.region.titles import case_title
from amanat.demo.region.victims import VictimPlan
from amanat.demo.region.world import World

CASE_TYPES = {
    "drugs": Mix([("drugs", 0.74), ("arms", 0.04), ("money_laundering", 0.08),
                  ("corruption", 0.09), ("smuggling", 0.05)]),
    "tip": Mix([("tip", 0.68), ("smuggling", 0.14), ("corruption", 0.1),
                ("money_laundering", 0.08)]),
    "mixed": Mix([("drugs", 0.42), ("tip", 0.38), ("smuggling", 0.05), ("corruption", 0.08),
                  ("money_laundering", 0.07)]),
    "arms": Mix([("arms", 0.5), ("drugs", 0.38), ("corruption", 0.12)]),
}  # fmt: skip
# How often a member of each standing is made a suspect in one of the network's cases.
ORGANISER_SHARE = 0.3
LEADER_SHARE = 0.08


def add_network(world: World, rng: random.Random, kind: str | None = None) -> int:
    """Compose a network, write what is known of it and its cases; return the case count."""
    net = compose(world, rng, kind)
    intelligence_file(world, rng, net, net.home_org, net.start)
    count = 2 + min(20, int(rng.expovariate(1 / (len(net.members) * 0.5))))
    days = sorted(net.start + int(rng.random() * (net.end - net.start)) for _ in range(count))
    for day in days:
        _network_case(world, rng, net, day)
    pooled_file(world, rng, net, min(dates.HORIZON, net.start + 180))
    publish(world, rng, net)
    return count


def _jurisdiction(rng: random.Random, net: Network, case_type: str, day: int) -> str:
    if case_type == "drugs" and net.route is not None:
        options = [c for c in net.route.countries if c != "AF" or day < AF_RECORDS_END]
        return options[int(rng.random() * len(options))]
    if case_type in ("tip", "smuggling") and net.profile is not None and rng.random() < 0.5:
        destination = net.profile.destinations.pick(rng)
        return net.home if destination == HOME else destination
    if case_type == "corruption":
        officials = net.with_duty("official")
        if officials and officials[0].part.employer is not None:
            return officials[0].part.employer.country
    if net.home == "AF" and day >= AF_RECORDS_END:
        return "TJ"
    return net.home


def _network_case(world: World, rng: random.Random, net: Network, day: int) -> None:
    case_type = CASE_TYPES[net.kind].pick(rng)
    j = _jurisdiction(rng, net, case_type, day)
    leads = world.orgs.lead(j, case_type)
    lead = leads[int(rng.random() * len(leads))]
    suspects = _suspects(world, rng, net, case_type, j)
    place, seized_by = _scene(world, rng, net, case_type, j, lead)
    plan = CasePlan(case_type, j, day, lead, place, "", suspects, witnesses=int(rng.random() * 2.5))
    if case_type == "tip" and net.profile is not None:
        plan.victims = VictimPlan(
            net.profile, group_size(rng, net.profile), origin=net.home if net.home != "AF" else None
        )
    if case_type in ("drugs", "arms"):
        weapons = 0
        if case_type == "arms":
            weapons = 1 + int(rng.random() * 6)
        elif net.kind == "arms" or rng.random() < 0.12:
            weapons = 1 + int(rng.random() * 3)
        plan.seizure = SeizurePlan(
            place,
            seized_by,
            net.route if case_type == "drugs" else None,
            large=rng.random() < 0.6,
            weapons=weapons,
            traced_share=0.4 if case_type == "arms" else 0.25,
        )
    plan.title = case_title(rng, plan, net.profile)
    result = open_case(world, rng, plan)
    _things_in_case(
        world,
        rng,
        net,
        result.case.lead,
        day,
        [pid for part, pid, _ in result.people if not part.facilitator_only],
    )


def _suspects(
    world: World, rng: random.Random, net: Network, case_type: str, j: str
) -> list[Participant]:
    chosen: list[Participant] = []
    if case_type == "corruption":
        chosen += [m.part for m in net.with_duty("official")[:2]]
        payers = net.with_duty("organiser", "financier")
        if payers and rng.random() < 0.5:
            chosen.append(payers[0].part)
    elif case_type == "money_laundering":
        chosen += [m.part for m in net.with_duty("financier")]
        chosen += [
            m.part
            for m in net.with_duty("professional")
            if m.part.facilitator_kind in ("accountant", "banker")
        ]
    else:
        workers = net.workers(case_type) or net.with_duty("worker")
        for _ in range(1 + int(rng.random() * 4)):
            if workers:
                chosen.append(workers[int(rng.random() * len(workers))].part)
        for _ in range(int(rng.random() * 2.5)):  # people hired for a single run
            chosen.append(_outsider(world, rng, net, case_type, j))
    organisers = net.with_duty("organiser")
    if net.kind == "mixed" and case_type in ("drugs", "tip") and rng.random() < 0.7:
        # The organiser who moved the network from drugs into people runs both trades.
        chosen.append(organisers[0].part)
    elif rng.random() < ORGANISER_SHARE:
        chosen.append(organisers[int(rng.random() * len(organisers))].part)
    if rng.random() < LEADER_SHARE:
        chosen.append(net.members[0].part)
    unique = list({id(p.who): p for p in chosen}.values())
    if not unique:
        unique.append(_outsider(world, rng, net, case_type, j))
    for member in net.with_duty("official", "professional"):
        if rng.random() < 0.25 and all(p.who is not member.part.who for p in unique):
            part = member.part
            unique.append(
                Participant(
                    part.who,
                    part.perpetrator_role,
                    part.facilitator_kind,
                    part.position,
                    part.employer,
                    facilitator_only=True,
                )
            )
    return unique


def _outsider(
    world: World, rng: random.Random, net: Network, case_type: str, j: str
) -> Participant:
    nationality = net.home if rng.random() < 0.6 else j
    if nationality == "AE":
        nationality = net.home
    who = world.people.new(
        rng, nationality, "male" if rng.random() < 0.85 else "female", 1970 + int(rng.random() * 35)
    )
    role = "RecruiterOrIntermediary" if case_type in ("tip", "smuggling") else "Courier"
    return Participant(who, role)


def _scene(
    world: World, rng: random.Random, net: Network, case_type: str, j: str, lead: Org
) -> tuple[Place, Org]:
    places = world.places
    if case_type in ("drugs", "arms", "smuggling") and rng.random() < 0.4:
        crossings = places.crossings_in(j)
        if crossings:
            crossing = crossings[int(rng.random() * len(crossings))]
            guard = world.orgs.first(j, "border_service", "customs") or lead
            if rng.random() < 0.4:
                guard = world.orgs.first(j, "customs", "border_service") or lead
            return crossing, guard
    return places.town_in(rng, j, lead.region), lead


def _things_in_case(
    world: World, rng: random.Random, net: Network, org: Org, day: int, person_ids: list[int]
) -> None:
    """The vehicle and phones found in a case, recorded by its lead agency."""
    if not person_ids:
        return
    rows, things = world.rows, world.things
    if net.vehicles and rng.random() < 0.6:
        vehicle = net.vehicles[int(rng.random() * len(net.vehicles))]
        vehicle_id = things.vehicle_record(rng, vehicle, org, day)
        relate(rows, rng, org, day, "operates", from_person=person_ids[0], to_vehicle=vehicle_id)
    for person_id in person_ids[:2]:
        if net.phones and rng.random() < 0.5:
            phone = net.phones[int(rng.random() * len(net.phones))]
            phone_id = things.phone_record(rng, phone, org, day)
            relate(rows, rng, org, day, "owns", from_person=person_id, to_phone=phone_id)
