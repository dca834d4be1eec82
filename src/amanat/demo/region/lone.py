"""Cases of lone offenders, and victims known only to NGOs.

Most cases in the region are small: a courier with a few hundred grams, a
recruiter who sent a handful of workers, a corrupt official, a forger.  Many
victims never reach a police file and are known only to the NGO that helped them.
"""

from __future__ import annotations

import random

from amanat.demo.population.mix import Mix
from amanat.demo.region import dates
from amanat.demo.region.cases import CasePlan, Participant, SeizurePlan, open_case
from amanat.demo.region.networks import AF_RECORDS_END
from amanat.demo.region.officials import official
from amanat.demo.region.people import local_nationality
from amanat.demo.region.profiles import HOME, PROFILES, group_size
from amanat.demo.region.routes import ROUTES, Route
from amanat.demo.region.titles import case_title
from amanat.demo.region.victims import VictimPlan, Victims
from amanat.demo.region.world import World

CASE_TYPES = Mix(
    [
        ("drugs", 0.55),
        ("tip", 0.2),
        ("smuggling", 0.1),
        ("arms", 0.07),
        ("corruption", 0.05),
        ("money_laundering", 0.03),
    ]
)
DRUG_COUNTRIES = Mix(
    [
        ("KZ", 0.28),
        ("RU", 0.2),
        ("TJ", 0.14),
        ("KG", 0.12),
        ("UZ", 0.12),
        ("TM", 0.04),
        ("AF", 0.04),
        ("TR", 0.03),
        ("AE", 0.03),
    ]
)
SMUGGLING_COUNTRIES = Mix(
    [("KZ", 0.3), ("RU", 0.3), ("TR", 0.15), ("UZ", 0.1), ("KG", 0.1), ("TJ", 0.05)]
)
ARMS_COUNTRIES = Mix(
    [("KZ", 0.25), ("KG", 0.2), ("TJ", 0.2), ("UZ", 0.1), ("RU", 0.15), ("AF", 0.1)]
)
OTHER_COUNTRIES = Mix([("KZ", 0.35), ("KG", 0.2), ("UZ", 0.2), ("TJ", 0.15), ("RU", 0.1)])
# Suspects per case: couriers often travel in pairs, recruiters work in small teams.
SUSPECT_COUNT = Mix([(1, 0.25), (2, 0.3), (3, 0.2), (4, 0.15), (5, 0.1)])


def add_lone_case(world: World, rng: random.Random) -> None:
    case_type = CASE_TYPES.pick(rng)
    opened = dates.START + int(rng.random() * (dates.HORIZON - dates.START))
    if case_type == "tip":
        _tip(world, rng, opened)
        return
    countries = {
        "drugs": DRUG_COUNTRIES,
        "smuggling": SMUGGLING_COUNTRIES,
        "arms": ARMS_COUNTRIES,
    }.get(case_type, OTHER_COUNTRIES)
    j = countries.pick(rng)
    if j == "AF" and opened >= AF_RECORDS_END:
        j = "TJ"
    leads = world.orgs.lead(j, case_type)
    lead = leads[int(rng.random() * len(leads))]
    place, seized_by = world.places.town_in(rng, j, lead.region), lead
    crossings = world.places.crossings_in(j)
    if case_type in ("drugs", "smuggling", "arms") and crossings and rng.random() < 0.35:
        place = crossings[int(rng.random() * len(crossings))]
        seized_by = world.orgs.first(j, "border_service", "customs") or lead
    route = _route_into(rng, j) if case_type == "drugs" else None
    suspects = _suspects(world, rng, case_type, j, route)
    plan = CasePlan(
        case_type, j, opened, lead, place, "", suspects, witnesses=int(rng.random() * 1.7)
    )
    if case_type == "drugs":
        weapons = 1 + int(rng.random() * 2) if rng.random() < 0.04 else 0
        plan.seizure = SeizurePlan(
            place, seized_by, route, large=rng.random() < 0.05, weapons=weapons
        )
    elif case_type == "arms":
        plan.seizure = SeizurePlan(
            place, seized_by, None, weapons=1 + int(rng.random() * 4), traced_share=0.35
        )
    plan.title = case_title(rng, plan, None)
    open_case(world, rng, plan)


def _route_into(rng: random.Random, country: str) -> Route:
    for _ in range(8):
        route = ROUTES.pick(rng)
        if country in route.countries:
            return route
    return Route("local", (country,), None)


def _suspects(
    world: World, rng: random.Random, case_type: str, j: str, route: Route | None
) -> list[Participant]:
    if case_type == "corruption":
        kind = ("border_guard", "police", "customs", "immigration")[int(rng.random() * 4)]
        return [official(world, rng, kind, j)]
    role = {
        "drugs": "Courier",
        "smuggling": "Smuggler",
        "arms": "Supplier",
        "money_laundering": "Financier",
    }[case_type]
    found: list[Participant] = []
    for _ in range(SUSPECT_COUNT.pick(rng)):
        nationality = local_nationality(rng, j)
        if route is not None and rng.random() < 0.35:
            nationality = route.countries[int(rng.random() * len(route.countries))]
        who = world.people.new(
            rng,
            nationality,
            "male" if rng.random() < 0.85 else "female",
            1965 + int(rng.random() * 40),
        )
        found.append(Participant(who, role))
    if case_type == "smuggling" and rng.random() < 0.3:
        forger = world.people.new(
            rng, local_nationality(rng, j), "male", 1960 + int(rng.random() * 35)
        )
        found.append(Participant(forger, "Other", facilitator_kind="document_forger"))
    return found


def _tip(world: World, rng: random.Random, opened: int) -> None:
    profile = PROFILES.pick(rng)
    origin = profile.origins.pick(rng)
    destination = profile.destinations.pick(rng)
    destination = origin if destination == HOME else destination
    j = origin if rng.random() < 0.55 else destination
    leads = world.orgs.lead(j, "tip")
    lead = leads[int(rng.random() * len(leads))]
    suspects: list[Participant] = []
    for _ in range(SUSPECT_COUNT.pick(rng)):
        nationality = origin if rng.random() < 0.7 else local_nationality(rng, destination)
        who = world.people.new(
            rng,
            nationality,
            "male" if rng.random() < 0.7 else "female",
            1965 + int(rng.random() * 37),
        )
        suspects.append(Participant(who, profile.perpetrator_roles.pick(rng)))
    place = world.places.town_in(rng, j, lead.region)
    plan = CasePlan(
        "tip",
        j,
        opened,
        lead,
        place,
        "",
        suspects,
        VictimPlan(profile, group_size(rng, profile), origin, destination),
        witnesses=int(rng.random() * 1.7),
    )
    plan.title = case_title(rng, plan, profile)
    open_case(world, rng, plan)


def add_assisted_victims(world: World, rng: random.Random) -> None:
    """Victims an NGO helped without any criminal case (a hotline call, a walk-in)."""
    profile = PROFILES.pick(rng)
    identified = dates.START + int(rng.random() * (dates.HORIZON - dates.START))
    count = 1 + int(rng.random() * 2.5)
    Victims(world).add(rng, VictimPlan(profile, count), identified, None)
