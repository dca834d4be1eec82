"""Officials who facilitate trafficking: border guards, police, customs and
migration officers with legitimate posts in organisations of the register."""

from __future__ import annotations

import random

from amanat.demo.region.cases import Participant
from amanat.demo.region.people import local_nationality
from amanat.demo.region.world import World

# facilitator kind -> (organisation kinds that employ such officials, posts)
POSTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "border_guard": (
        ("border_service",),
        ("Senior inspector, border checkpoint", "Shift commander, border post", "Border guard"),
    ),
    "police": (
        ("police", "interior_ministry", "drug_control"),
        (
            "Police major, district department",
            "Operative officer, criminal investigation",
            "Head of a district police station",
        ),
    ),
    "customs": (("customs", "border_service"), ("Customs inspector", "Head of a customs post")),
    "immigration": (
        ("other_government", "interior_ministry"),
        ("Migration officer", "Head of a migration registration office"),
    ),
}


def official(
    world: World, rng: random.Random, kind: str, country: str, born_from: int = 1965
) -> Participant:
    """A public official of ``country`` acting as a facilitator of ``kind``."""
    employer_kinds, posts = POSTS[kind]
    employer = world.orgs.first(country, *employer_kinds)
    if employer is None:
        leads = world.orgs.lead(country, "drugs")
        employer = leads[0] if leads else None
    who = world.people.new(
        rng,
        local_nationality(rng, country),
        "male" if rng.random() < 0.88 else "female",
        born_from + int(rng.random() * 28),
    )
    return Participant(
        who,
        perpetrator_role="Other",
        facilitator_kind=kind,
        position=posts[int(rng.random() * len(posts))],
        employer=employer,
    )
