"""Who the victims are: forms of exploitation, where from, where to, how controlled.

Shares follow the region's picture: mostly men in forced labour in Kazakhstan and
Russia (construction, and farms such as tobacco in southern Kazakhstan); women and
girls in sexual exploitation in Türkiye, the Emirates and Russia; children in
begging and street work; girls in forced marriage.  About a quarter are children.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from amanat.demo.population.mix import Mix

HOME = "home"  # destination: the victim's own country


@dataclass(frozen=True)
class Profile:
    name: str
    female_share: float
    child_share: float
    child_ages: tuple[int, int]
    adult_ages: tuple[int, int]
    origins: Mix[str]
    destinations: Mix[str]
    forms: Mix[str]
    sectors: Mix[str | None]
    sex_types: Mix[str | None]
    # Each means of control applies with its own probability.
    means: tuple[tuple[str, float], ...]
    recruitment: Mix[str]
    recruiters: Mix[str]
    # Where the exploitation happens: a kind of site by labour sector, else a town.
    sites: tuple[tuple[str | None, str], ...]
    # Victims per case: 1 + an exponential with this mean, up to the cap.
    group_mean: float
    group_cap: int
    charged_offence: str
    perpetrator_roles: Mix[str]


NONE: Mix[str | None] = Mix([(None, 1.0)])
LABOUR_MEANS = (
    ("WithholdsDocuments", 0.8), ("FalsePromises", 0.6), ("TakesEarnings", 0.6),
    ("ExcessiveWorkingHours", 0.5), ("DebtBondage", 0.4), ("Threats", 0.4),
    ("RestrictsMovement", 0.35), ("ThreatOfLawEnforcement", 0.35), ("WithholdsNecessities", 0.2),
    ("PhysicalAbuse", 0.15),
)  # fmt: skip
SEX_MEANS = (
    ("FalsePromises", 0.7), ("WithholdsDocuments", 0.6), ("DebtBondage", 0.5), ("Threats", 0.5),
    ("RestrictsMovement", 0.5), ("TakesEarnings", 0.5), ("SexualAbuse", 0.4),
    ("PhysicalAbuse", 0.3), ("PsychoactiveSubstances", 0.15), ("PsychologicalAbuse", 0.3),
)  # fmt: skip
CHILD_MEANS = (
    ("UsesChildren", 0.7), ("RestrictsMovement", 0.5), ("TakesEarnings", 0.6),
    ("PhysicalAbuse", 0.3), ("PsychologicalAbuse", 0.3), ("WithholdsNecessities", 0.3),
)  # fmt: skip
MARRIAGE_MEANS = (
    ("RestrictsMovement", 0.7), ("PsychologicalAbuse", 0.6), ("Threats", 0.5),
    ("SexualAbuse", 0.4), ("PhysicalAbuse", 0.3),
)  # fmt: skip
LABOUR_RECRUITMENT = Mix([
    ("ThroughFriendsOrSocialEvents", 0.3), ("ThroughFamilyOrFamilyEvents", 0.15),
    ("ThroughOnlineSocialNetworks", 0.2), ("ThroughAnOnlineAdvertisement", 0.15),
    ("AtAPlaceOfBusiness", 0.1), ("Other", 0.1),
])  # fmt: skip
SEX_RECRUITMENT = Mix([
    ("ThroughOnlineSocialNetworks", 0.35), ("ThroughFriendsOrSocialEvents", 0.25),
    ("ThroughAnOnlineAdvertisement", 0.15), ("AtWork", 0.1), ("ThroughFamilyOrFamilyEvents", 0.1),
    ("Other", 0.05),
])  # fmt: skip
LABOUR_RECRUITERS = Mix(
    [("Acquaintance", 0.35), ("Friend", 0.15), ("Family", 0.1), ("Stranger", 0.3), ("Unknown", 0.1)]
)
SEX_RECRUITERS = Mix(
    [
        ("IntimatePartner", 0.15),
        ("Acquaintance", 0.35),
        ("Friend", 0.2),
        ("Stranger", 0.2),
        ("Family", 0.05),
        ("Unknown", 0.05),
    ]
)
LABOUR_ROLES = Mix(
    [
        ("RecruiterOrIntermediary", 0.4),
        ("Exploiter", 0.3),
        ("Transporter", 0.15),
        ("BrokerTravelAgent", 0.1),
        ("Abuser", 0.05),
    ]
)
SEX_ROLES = Mix(
    [
        ("RecruiterOrIntermediary", 0.35),
        ("Exploiter", 0.3),
        ("Transporter", 0.1),
        ("BrokerTravelAgent", 0.1),
        ("Abuser", 0.15),
    ]
)

PROFILES: Mix[Profile] = Mix([
    (Profile(
        "labour_men", 0.03, 0.1, (15, 17), (18, 55),
        Mix([("UZ", 0.4), ("TJ", 0.28), ("KG", 0.25), ("KZ", 0.05), ("TM", 0.02)]),
        Mix([("KZ", 0.5), ("RU", 0.5)]),
        Mix([("ForcedLabour", 1.0)]),
        Mix([("Construction", 0.55), ("Agriculture", 0.35), ("Manufacturing", 0.05),
             ("Transportation", 0.05)]),
        NONE, LABOUR_MEANS, LABOUR_RECRUITMENT, LABOUR_RECRUITERS,
        (("Agriculture", "farm"), ("Construction", "construction_site")),
        4.0, 40, "Illegal stay and work without a permit (administrative)", LABOUR_ROLES,
    ), 0.47),
    (Profile(
        "sex_women", 1.0, 0.35, (14, 17), (18, 35),
        Mix([("UZ", 0.3), ("KG", 0.25), ("KZ", 0.2), ("TJ", 0.15), ("TM", 0.1)]),
        Mix([("TR", 0.35), ("AE", 0.3), ("RU", 0.25), ("KZ", 0.1)]),
        Mix([("SexualExploitation", 1.0)]),
        NONE,
        Mix([("Prostitution", 0.8), ("PrivateSexualServices", 0.1), ("Pornography", 0.05),
             ("RemoteInteractiveServices", 0.05)]),
        SEX_MEANS, SEX_RECRUITMENT, SEX_RECRUITERS, ((None, "address"),),
        1.5, 12, "Prostitution (administrative offence)", SEX_ROLES,
    ), 0.24),
    (Profile(
        "servitude_women", 1.0, 0.1, (15, 17), (18, 50),
        Mix([("TM", 0.4), ("UZ", 0.4), ("KG", 0.2)]),
        Mix([("TR", 0.6), ("RU", 0.2), ("AE", 0.2)]),
        Mix([("Servitude", 0.7), ("ForcedLabour", 0.3)]),
        Mix([("DomesticWork", 1.0)]), NONE,
        (("WithholdsDocuments", 0.8), ("RestrictsMovement", 0.6), ("ExcessiveWorkingHours", 0.7),
         ("TakesEarnings", 0.4), ("PsychologicalAbuse", 0.3)),
        LABOUR_RECRUITMENT, LABOUR_RECRUITERS, ((None, "address"),),
        0.3, 4, "Violation of immigration rules (administrative)", LABOUR_ROLES,
    ), 0.06),
    (Profile(
        "child_labour", 0.4, 1.0, (8, 17), (18, 18),
        Mix([("TJ", 0.3), ("UZ", 0.3), ("KG", 0.2), ("KZ", 0.2)]),
        Mix([("KZ", 0.5), ("RU", 0.3), (HOME, 0.2)]),
        Mix([("ChildLabour", 0.6), ("ForcedBegging", 0.4)]),
        Mix([("Begging", 0.4), ("Peddling", 0.3), ("Agriculture", 0.3)]), NONE,
        CHILD_MEANS, LABOUR_RECRUITMENT, LABOUR_RECRUITERS, (("Agriculture", "farm"),),
        1.5, 8, "Petty theft (juvenile)", LABOUR_ROLES,
    ), 0.12),
    (Profile(
        "forced_marriage", 1.0, 0.7, (14, 17), (18, 22),
        Mix([("KG", 0.45), ("TJ", 0.3), ("UZ", 0.25)]),
        Mix([(HOME, 0.85), ("RU", 0.1), ("TR", 0.05)]),
        Mix([("ForcedMarriage", 1.0)]), NONE, NONE,
        MARRIAGE_MEANS, Mix([("ThroughFamilyOrFamilyEvents", 0.7), ("Other", 0.3)]),
        Mix([("Family", 0.5), ("Acquaintance", 0.3), ("Stranger", 0.2)]), (),
        0.0, 1, "Leaving home without permission (juvenile)",
        Mix([("Kidnapper", 0.6), ("Abuser", 0.2), ("RecruiterOrIntermediary", 0.2)]),
    ), 0.05),
    (Profile(
        "labour_women", 1.0, 0.05, (16, 17), (18, 50),
        Mix([("UZ", 0.4), ("KG", 0.35), ("TJ", 0.25)]),
        Mix([("KZ", 0.5), ("RU", 0.5)]),
        Mix([("ForcedLabour", 1.0)]),
        Mix([("Agriculture", 0.6), ("Hospitality", 0.2), ("Manufacturing", 0.2)]), NONE,
        LABOUR_MEANS, LABOUR_RECRUITMENT, LABOUR_RECRUITERS, (("Agriculture", "farm"),),
        2.0, 20, "Illegal stay and work without a permit (administrative)", LABOUR_ROLES,
    ), 0.06),
    (Profile(
        "organ_removal", 0.4, 0.0, (18, 18), (20, 45),
        Mix([("UZ", 0.4), ("TJ", 0.3), ("KG", 0.3)]),
        Mix([("TR", 0.6), ("RU", 0.4)]),
        Mix([("OrganRemoval", 1.0)]), NONE, NONE,
        (("FalsePromises", 0.9), ("DebtBondage", 0.4), ("WithholdsDocuments", 0.3)),
        SEX_RECRUITMENT, LABOUR_RECRUITERS, (), 0.2, 3, "Violation of immigration rules",
        Mix([("BrokerTravelAgent", 0.5), ("RecruiterOrIntermediary", 0.5)]),
    ), 0.01),
])  # fmt: skip


def group_size(rng: random.Random, profile: Profile) -> int:
    extra = int(rng.expovariate(1 / profile.group_mean)) if profile.group_mean else 0
    return 1 + min(profile.group_cap - 1, extra)


def site_kind(profile: Profile, sector: str | None) -> str | None:
    for wanted, kind in profile.sites:
        if wanted is None or wanted == sector:
            return kind
    return None
