"""Criminal networks: who is in them, what they own, and what agencies know of them.

A network has a leader (often with relatives in it), organisers, people who do
the work (couriers, recruiters, transporters, exploiters), a financier, and
facilitators: professionals and officials with legitimate jobs.  Some drug
networks also traffic people, reusing their money, routes and vehicles.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from amanat.demo.population.mix import Mix
from amanat.demo.region import dates
from amanat.demo.region.cases import Participant
from amanat.demo.region.officials import official
from amanat.demo.region.organisations import Org
from amanat.demo.region.people import Someone
from amanat.demo.region.profiles import PROFILES, Profile
from amanat.demo.region.routes import ROUTES, Route
from amanat.demo.region.things import TrueGroup, TruePhone, TrueVehicle
from amanat.demo.region.world import World

KINDS = Mix([("drugs", 0.5), ("tip", 0.27), ("mixed", 0.15), ("arms", 0.08)])
HOMES = {
    "drugs": Mix([("TJ", 0.28), ("KG", 0.2), ("UZ", 0.15), ("KZ", 0.2), ("RU", 0.1), ("AF", 0.07)]),
    "tip": Mix([("UZ", 0.3), ("KG", 0.25), ("TJ", 0.2), ("KZ", 0.2), ("TM", 0.05)]),
    "mixed": Mix([("KG", 0.35), ("TJ", 0.25), ("KZ", 0.25), ("UZ", 0.15)]),
    "arms": Mix([("TJ", 0.3), ("KG", 0.3), ("KZ", 0.2), ("AF", 0.2)]),
}
DRUG_DUTIES = Mix([("Courier", 0.5), ("Transporter", 0.3), ("Supplier", 0.2)])
TIP_DUTIES = Mix(
    [
        ("RecruiterOrIntermediary", 0.4),
        ("Transporter", 0.2),
        ("Exploiter", 0.3),
        ("BrokerTravelAgent", 0.1),
    ]
)
ARMS_DUTIES = Mix([("Supplier", 0.5), ("Courier", 0.5)])
OFFICIAL_KINDS = {
    "drugs": Mix([("border_guard", 0.4), ("customs", 0.3), ("police", 0.3)]),
    "tip": Mix([("immigration", 0.35), ("police", 0.35), ("border_guard", 0.3)]),
    "mixed": Mix([("border_guard", 0.4), ("police", 0.35), ("immigration", 0.25)]),
    "arms": Mix([("police", 0.5), ("border_guard", 0.5)]),
}
PROFESSIONALS = (
    ("lawyer", 0.2), ("accountant", 0.15), ("banker", 0.08), ("real_estate_agent", 0.1),
    ("document_forger", 0.25), ("transport_network", 0.2), ("fuel_network", 0.15),
)  # fmt: skip
RELATIVES = (
    ("sibling", "brother", "sister"),
    ("child", "son", "daughter"),
    ("spouse", "husband", "wife"),
)
AF_RECORDS_END = dates.day_of(2021, 8, 15)


@dataclass(slots=True)
class Member:
    part: Participant
    duty: str  # leader, organiser, financier, worker, professional, official
    kinship: str | None = None  # how the member is related to the leader


@dataclass
class Network:
    kind: str
    home: str
    start: int
    end: int
    home_org: Org
    members: list[Member] = field(default_factory=list)
    groups: list[TrueGroup] = field(default_factory=list)
    vehicles: list[TrueVehicle] = field(default_factory=list)
    phones: list[TruePhone] = field(default_factory=list)
    profile: Profile | None = None
    route: Route | None = None

    def with_duty(self, *duties: str) -> list[Member]:
        return [m for m in self.members if m.duty in duties]

    def workers(self, case_type: str) -> list[Member]:
        wanted = TIP_ROLES if case_type in ("tip", "smuggling") else DRUG_ROLES
        return [m for m in self.members if m.duty == "worker" and m.part.perpetrator_role in wanted]


TIP_ROLES = frozenset(TIP_DUTIES.outcomes)
DRUG_ROLES = frozenset(DRUG_DUTIES.outcomes) | frozenset(ARMS_DUTIES.outcomes)


def compose(world: World, rng: random.Random, kind: str | None = None) -> Network:
    """A new network (of ``kind``, or a kind drawn at random): its people and things."""
    kind = kind or KINDS.pick(rng)
    home = HOMES[kind].pick(rng)
    start = dates.START + int(rng.random() * (dates.HORIZON - dates.START - 200))
    end = min(dates.HORIZON, start + 365 + int(rng.random() * 6 * 365))
    if home == "AF":
        end = min(end, AF_RECORDS_END - 1)
        start = min(start, end - 300)
    case_type = "tip" if kind == "tip" else "arms" if kind == "arms" else "drugs"
    net = Network(kind, home, start, end, world.orgs.lead(home, case_type)[0])
    if kind in ("tip", "mixed"):
        net.profile = PROFILES.pick(rng)
    if kind != "tip":
        net.route = _route_through(rng, home)
    _people(world, rng, net)
    _things(world, rng, net)
    return net


def _route_through(rng: random.Random, home: str) -> Route:
    for _ in range(10):
        route = ROUTES.pick(rng)
        if home in route.countries:
            return route
    return Route("local", (home, "KZ", "RU") if home not in ("KZ", "RU") else ("KZ", "RU"), None)


def _people(world: World, rng: random.Random, net: Network) -> None:
    people = world.people
    size = 4 + min(26, int(rng.expovariate(1 / 7)))
    leader = people.new(
        rng,
        net.home,
        "male" if rng.random() < 0.9 else "female",
        1962 + int(rng.random() * 28),
        nickname_share=0.7,
    )
    net.members.append(Member(Participant(leader, "Organiser"), "leader"))
    for _ in range(int(rng.random() * 4)):
        relation, male_word, female_word = RELATIVES[int(rng.random() * len(RELATIVES))]
        sex = "male" if rng.random() < 0.75 else "female"
        born = leader.identity.birth_date.year + (25 if relation == "child" else -5)
        born += int(rng.random() * 10)
        relative = people.relative(rng, leader, relation, sex, min(born, 2005))
        kinship = male_word if sex == "male" else female_word
        net.members.append(
            Member(Participant(relative, _duty_role(rng, net.kind)), "worker", kinship)
        )
    for _ in range(1 + int(rng.random() * 2)):
        net.members.append(Member(Participant(_member(world, rng, net), "Organiser"), "organiser"))
    if rng.random() < 0.4:
        net.members.append(Member(Participant(_member(world, rng, net), "Financier"), "financier"))
    for kind_, share in PROFESSIONALS:
        if rng.random() < share:
            part = Participant(_member(world, rng, net), "Other", facilitator_kind=kind_)
            net.members.append(Member(part, "professional"))
    roll = rng.random()
    for _ in range(0 if roll < 0.35 else 1 if roll < 0.75 else 2 if roll < 0.95 else 3):
        country = _official_country(rng, net)
        part = official(world, rng, OFFICIAL_KINDS[net.kind].pick(rng), country)
        net.members.append(Member(part, "official"))
    while len(net.members) < size:
        part = Participant(_member(world, rng, net), _duty_role(rng, net.kind))
        net.members.append(Member(part, "worker"))


def _duty_role(rng: random.Random, kind: str) -> str:
    if kind == "tip" or (kind == "mixed" and rng.random() < 0.5):
        return TIP_DUTIES.pick(rng)
    return (ARMS_DUTIES if kind == "arms" else DRUG_DUTIES).pick(rng)


def _member(world: World, rng: random.Random, net: Network) -> Someone:
    nationality = net.home
    if net.route and rng.random() < 0.2:
        nationality = net.route.countries[int(rng.random() * len(net.route.countries))]
    return world.people.new(
        rng,
        nationality,
        "male" if rng.random() < 0.8 else "female",
        1965 + int(rng.random() * 38),
        nickname_share=0.15,
    )


def _official_country(rng: random.Random, net: Network) -> str:
    if net.route and rng.random() < 0.6:
        options = [c for c in net.route.countries if c != "AF"]
        return options[int(rng.random() * len(options))]
    return net.home if net.home != "AF" else "TJ"


def _things(world: World, rng: random.Random, net: Network) -> None:
    things = world.things
    leader = net.members[0].part.who
    kin = sum(1 for m in net.members if m.kinship)
    group_kind = (
        "clan"
        if kin >= 2 and rng.random() < 0.5
        else ("organised_crime_group" if rng.random() < 0.65 else "network")
    )
    net.groups.append(things.group(rng, group_kind, net.home, leader.nickname))
    if net.kind in ("tip", "mixed") and rng.random() < 0.35:
        net.groups.append(things.group(rng, "company", net.home, None))
    heavy = net.kind != "tip"
    for _ in range(1 + int(rng.random() * 3)):
        net.vehicles.append(things.vehicle(rng, _plate_country(rng, net.home), heavy))
    for _ in range(2 + int(rng.random() * 4)):
        net.phones.append(things.phone(rng, _plate_country(rng, net.home)))


def _plate_country(rng: random.Random, home: str) -> str:
    roll = rng.random()
    return home if roll < 0.6 else "KZ" if roll < 0.85 else "RU"
