"""Short case titles, as an agency's case list would show them."""

from __future__ import annotations

import random

from amanat.demo.region.cases import CasePlan
from amanat.demo.region.profiles import Profile

TIP_TITLES = {
    "labour_men": "Forced labour of migrant workers",
    "labour_women": "Forced labour of women workers",
    "sex_women": "Sexual exploitation of women and girls",
    "servitude_women": "Domestic servitude",
    "child_labour": "Exploitation of children in begging and street work",
    "forced_marriage": "Bride kidnapping and forced marriage",
    "organ_removal": "Recruitment for organ removal",
}
OTHER_TITLES = {
    "drugs": ("Drug consignment seized", "Drug courier detained", "Sale of narcotics"),
    "smuggling": ("Organised illegal migration", "Forged documents for migrants"),
    "arms": ("Illegal arms trafficking", "Weapons cache found"),
    "corruption": ("Bribery of officials", "Protection of a trafficking network by officials"),
    "money_laundering": ("Laundering of trafficking proceeds", "Cash couriers and front companies"),
}


def case_title(rng: random.Random, plan: CasePlan, profile: Profile | None) -> str:
    if plan.case_type == "tip":
        victims = plan.victims
        name = victims.profile.name if victims else profile.name if profile else "labour_men"
        return f"{TIP_TITLES[name]}, {plan.place.name}"
    options = OTHER_TITLES[plan.case_type]
    return f"{options[int(rng.random() * len(options))]}, {plan.place.name}"
