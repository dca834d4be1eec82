"""What agencies know of a network as a whole: the group, its members and their
ties, its vehicles and phones, officials on its payroll.

The home country's lead agency keeps the intelligence file; the regional centre
pools its own records of cross-border networks; now and then journalists publish.
"""

from __future__ import annotations

import random

from amanat.demo.region import dates
from amanat.demo.region.networks import Network
from amanat.demo.region.organisations import Org
from amanat.demo.region.relations import relate
from amanat.demo.region.world import World

POOLED_SHARE = 0.6
PUBLISHED_SHARE = 0.08
BRIBE_CURRENCIES = ("USD", "USD", "KZT", "RUB")


def intelligence_file(world: World, rng: random.Random, net: Network, org: Org, day: int) -> None:
    """The records ``org`` holds of the whole network, with their relationships."""
    rows, people, things = world.rows, world.people, world.things
    group_ids = [things.group_record(rng, g, org, day) for g in net.groups]
    leader_id = 0
    payer_ids: list[int] = []
    clan = net.groups[0].kind == "clan"
    for index, member in enumerate(net.members):
        who = member.part.who
        person_id = people.record(rng, who, org, day)
        if index == 0:
            leader_id = person_id
            relate(
                rows,
                rng,
                org,
                day,
                "leads",
                from_person=person_id,
                to_group=group_ids[0],
                started=net.start,
            )
        else:
            relate(
                rows,
                rng,
                org,
                day,
                "member_of",
                from_person=person_id,
                to_group=group_ids[0],
                started=net.start,
            )
        if member.kinship:
            relate(rows, rng, org, day, "family", from_person=leader_id, to_person=person_id,
                   detail=member.kinship)  # fmt: skip
        elif clan and index and member.part.who.nationality == net.home and rng.random() < 0.4:
            # Clan networks recruit among people of the same lineage who are not close family.
            relate(rows, rng, org, day, "clan", from_person=leader_id, to_person=person_id,
                   detail="same clan")  # fmt: skip
        if member.duty in ("organiser", "financier"):
            payer_ids.append(person_id)
            if index and rng.random() < 0.5:
                relate(rows, rng, org, day, "associate", from_person=leader_id, to_person=person_id)
        if member.duty == "official" and member.part.employer is not None:
            relate(
                rows,
                rng,
                org,
                day,
                "employed_by",
                from_person=person_id,
                to_org=member.part.employer.id,
                detail=member.part.position,
            )
            payer = payer_ids[0] if payer_ids else leader_id
            currency = BRIBE_CURRENCIES[int(rng.random() * len(BRIBE_CURRENCIES))]
            amount = round(2_000 * rng.lognormvariate(0, 0.9), -2)
            if currency != "USD":
                amount *= 400 if currency == "KZT" else 80
            relate(
                rows,
                rng,
                org,
                day,
                "pays",
                from_person=payer,
                to_person=person_id,
                amount=amount,
                currency=currency,
                detail="monthly payment",
            )
        recruiter = member.part.perpetrator_role == "RecruiterOrIntermediary"
        if recruiter and len(group_ids) > 1:
            # Recruiters are on the books of the front company.
            relate(
                rows,
                rng,
                org,
                day,
                "employed_by",
                from_person=person_id,
                to_group=group_ids[1],
                detail="recruiter",
            )
    if len(group_ids) > 1:
        relate(rows, rng, org, day, "owns", from_person=leader_id, to_group=group_ids[1])
    for vehicle in net.vehicles:
        vehicle_id = things.vehicle_record(rng, vehicle, org, day)
        relate(rows, rng, org, day, "owns", from_person=leader_id, to_vehicle=vehicle_id)
    for phone in net.phones[:2]:
        phone_id = things.phone_record(rng, phone, org, day)
        relate(rows, rng, org, day, "owns", from_person=leader_id, to_phone=phone_id)


def pooled_file(world: World, rng: random.Random, net: Network, day: int) -> None:
    """The regional centre's records of the network's leadership."""
    if rng.random() >= POOLED_SHARE:
        return
    centre = world.orgs.by_code["RC-ALMATY" if rng.random() < 0.75 else "RC-TASHKENT"]
    group_id = world.things.group_record(rng, net.groups[0], centre, day)
    for member in net.members:
        if member.duty in ("leader", "organiser", "financier") or rng.random() < 0.2:
            person_id = world.people.record(rng, member.part.who, centre, day)
            kind = "leads" if member.duty == "leader" else "member_of"
            relate(world.rows, rng, centre, day, kind, from_person=person_id, to_group=group_id)


def publish(world: World, rng: random.Random, net: Network) -> None:
    """Journalists name the leader and the group in an investigation, graded as media."""
    if rng.random() >= PUBLISHED_SHARE:
        return
    outlet = world.orgs.by_code["MEDIA-REGIONAL"]
    day = min(dates.HORIZON, net.end + int(rng.random() * 200))
    title = f"Investigation: the '{net.groups[0].name[0]}' network"
    source_id = world.sources.add(
        rng, outlet, day, title, source_kind="media", sensitivity="public"
    )
    leader = net.members[0].part.who
    person_id = world.people.record(
        rng, leader, outlet, day, source_kind="media", source_id=source_id
    )
    group_id = world.things.group_record(rng, net.groups[0], outlet, day)
    relate(
        world.rows,
        rng,
        outlet,
        day,
        "leads",
        from_person=person_id,
        to_group=group_id,
        source_kind="media",
    )
