"""Victims: the HTCDS record a police force or an NGO keeps, with movements,
means of control, assistance, referrals and consents.

A victim usually has two records: the lead agency's (tied to the case, with the
journey from recruitment to exploitation) and an assisting NGO's (with services
and consents).  Some victims were charged for what traffickers made them do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from amanat.access.vault import PseudonymRole
from amanat.demo.population.mix import Mix
from amanat.demo.region import dates
from amanat.demo.region.casefile import CaseFile
from amanat.demo.region.gazetteer import Place
from amanat.demo.region.journeys import journey
from amanat.demo.region.organisations import Org
from amanat.demo.region.people import Someone
from amanat.demo.region.profiles import HOME, Profile, site_kind
from amanat.demo.region.provenance import provenance
from amanat.demo.region.referrals import Referred, add_referral
from amanat.demo.region.roles import add_role
from amanat.demo.region.world import World

CHARGED_SHARE = 0.08  # victims punished for offences they were compelled to commit
NGO_SHARE = 0.55  # victims of a case also assisted (and recorded) by an NGO
ASSISTANCE = (
    ("shelter", 0.45), ("medical", 0.5), ("psychosocial", 0.5), ("legal", 0.4),
    ("repatriation", 0.35), ("reintegration", 0.3), ("financial", 0.2),
    ("vocational_training", 0.15), ("interpretation", 0.15),
)  # fmt: skip
STATUS = Mix(
    [
        ("completed", 0.55),
        ("in_progress", 0.12),
        ("referred", 0.1),
        ("accepted", 0.08),
        ("declined_by_victim", 0.09),
        ("refused_by_provider", 0.06),
    ]
)
STATUS_DECIDER = {
    "police": "Police",
    "drug_control": "Police",
    "interior_ministry": "Police",
    "prosecutor": "CourtOrProsecution",
    "ngo": "NGO",
}


@dataclass(slots=True)
class VictimPlan:
    profile: Profile
    count: int
    origin: str | None = None  # one origin for the whole group, if the traffickers have one
    destination: str | None = None


class Victims:
    def __init__(self, world: World) -> None:
        self.world = world
        self.ngos: dict[str, list[Org]] = {}
        for org in world.orgs.of_kind("ngo"):
            self.ngos.setdefault(org.country, []).append(org)

    def add(
        self,
        rng: random.Random,
        plan: VictimPlan,
        identified: int,
        case: CaseFile | None,
    ) -> list[tuple[Someone, int | None]]:
        """Victims of a case (or, with no case, of an NGO's own caseload).

        Returns each victim with the lead agency's person record id (None without a case).
        """
        profile = plan.profile
        origin = plan.origin or profile.origins.pick(rng)
        destination = plan.destination or profile.destinations.pick(rng)
        if destination == HOME:
            destination = origin
        found: list[tuple[Someone, int | None]] = []
        for _ in range(plan.count):
            found.append(self._one(rng, profile, origin, destination, identified, case))
        return found

    def _one(
        self,
        rng: random.Random,
        profile: Profile,
        origin: str,
        destination: str,
        identified: int,
        case: CaseFile | None,
    ) -> tuple[Someone, int | None]:
        world = self.world
        female = rng.random() < profile.female_share
        child = rng.random() < profile.child_share
        low, high = profile.child_ages if child else profile.adult_ages
        age = low + int(rng.random() * (high - low + 1))
        who = world.people.new(
            rng,
            origin,
            "female" if female else "male",
            dates.year(identified) - age,
            protected=PseudonymRole.VICTIM,
        )
        sector = profile.sectors.pick(rng)
        form = profile.forms.pick(rng)
        site = self._site(rng, profile, sector, destination)
        person_id: int | None = None
        detail_done = False
        if case is not None:
            person_id = world.people.record(rng, who, case.lead, identified)
            victim_id = self._victim(
                rng,
                who,
                case.lead,
                person_id,
                case.case_id,
                profile,
                age,
                identified,
                "agency_record",
            )
            self._exploitation(rng, victim_id, profile, form, sector)
            journey(world, rng, victim_id, who.home, site, identified)
            self._controls(rng, victim_id, profile)
            detail_done = True
            add_role(
                world.rows,
                rng,
                case.lead,
                case.case_id,
                person_id,
                "victim",
                identified,
                sensitivity="sensitive",
            )
        if case is None or rng.random() < NGO_SHARE:
            ngo_country = destination if destination in self.ngos and rng.random() < 0.6 else origin
            ngos = self.ngos.get(ngo_country) or self.ngos["KZ"]
            ngo = ngos[int(rng.random() * len(ngos))]
            seen = identified + int(rng.random() * 60)
            seen = min(seen, dates.HORIZON)
            report = world.sources.report_of(ngo, seen)
            ngo_person = world.people.record(
                rng, who, ngo, seen, source_kind="ngo_report", source_id=report
            )
            linked = case.case_id if case is not None and rng.random() < 0.3 else None
            victim_id = self._victim(
                rng, who, ngo, ngo_person, linked, profile, age, seen, "ngo_report", report
            )
            self._exploitation(rng, victim_id, profile, form, sector)
            if not detail_done:
                journey(world, rng, victim_id, who.home, site, identified)
                self._controls(rng, victim_id, profile)
            home = (origin, ngo.country)
            self._assistance(rng, victim_id, ngo_person, ngo, seen, home, age < 18)
            self._consents(rng, victim_id, ngo, case, seen)
        return who, person_id

    def _site(
        self, rng: random.Random, profile: Profile, sector: str | None, country: str
    ) -> Place:
        places = self.world.places
        kind = site_kind(profile, sector)
        site = places.site(rng, country, kind) if kind else None
        return site or places.town(rng, country)

    def _victim(
        self,
        rng: random.Random,
        who: Someone,
        org: Org,
        person_id: int,
        case_id: int | None,
        profile: Profile,
        age: int,
        day: int,
        source_kind: str,
        source_id: int | None = None,
    ) -> int:
        rows = self.world.rows
        victim_id = rows.next_id["victim"]
        status = "ActualVictim" if rng.random() < 0.6 else "PossibleVictim"
        if rng.random() < 0.03:
            status = "NotAVictim"
        charged = org.kind != "ngo" and rng.random() < CHARGED_SHARE
        return rows.add(
            "victim",
            person_id,
            case_id,
            status,
            STATUS_DECIDER.get(org.kind, "OtherGovernment"),
            who.sex,
            None,
            age,
            who.nationality,
            profile.recruitment.pick(rng),
            profile.recruiters.pick(rng),
            dates.iso(day),
            charged,
            profile.charged_offence if charged else None,
            *provenance(rng, org, "VI", victim_id, day, source_kind, "sensitive", source_id),
        )

    def _exploitation(
        self, rng: random.Random, victim_id: int, profile: Profile, form: str, sector: str | None
    ) -> None:
        rows = self.world.rows
        sex_type = profile.sex_types.pick(rng) if form == "SexualExploitation" else None
        rows.add("victim_exploitation", victim_id, form, sex_type, sector)
        if form == "SexualExploitation" and rng.random() < 0.15:
            # Women held for sex are often made to clean and cook as well.
            rows.add("victim_exploitation", victim_id, "ForcedLabour", None, "DomesticWork")

    def _controls(self, rng: random.Random, victim_id: int, profile: Profile) -> None:
        rows = self.world.rows
        chosen = [means for means, share in profile.means if rng.random() < share]
        for means in chosen or [profile.means[0][0]]:
            rows.add("victim_control", victim_id, means)

    def _assistance(
        self,
        rng: random.Random,
        victim_id: int,
        person_id: int,
        ngo: Org,
        day: int,
        home: tuple[str, str],
        child: bool,
    ) -> None:
        """What the NGO gives her itself, and the referrals for what it does not offer
        (``home``: her country of origin and the NGO's)."""
        rows = self.world.rows
        origin, here = home
        opened: dict[int, bool] = {}
        for kind, share in ASSISTANCE:
            if kind in ("repatriation", "interpretation") and origin == here:
                continue
            if rng.random() >= share:
                continue
            status = STATUS.pick(rng)
            referred = day + int(rng.random() * 20)
            completed = referred + 14 + int(rng.random() * 150)
            if referred > dates.HORIZON:
                continue
            done = status == "completed" and completed <= dates.HORIZON
            status = status if done or status != "completed" else "in_progress"
            provider = self._provider(ngo, kind, victim_id, home)
            if provider is not ngo:
                first = provider.id not in opened
                found = Referred(
                    victim_id,
                    person_id,
                    ngo,
                    provider,
                    kind,
                    status,
                    referred,
                    completed if done else None,
                )
                opened[provider.id] = add_referral(rows, found, first, not opened.get(provider.id))
                continue
            rows.add(
                "assistance",
                victim_id,
                kind,
                status,
                ngo.id,
                dates.iso(referred),
                dates.iso(completed) if done else None,
                None,
            )
        if child and rng.random() < 0.4:
            rows.add(
                "assistance",
                victim_id,
                "education",
                "in_progress",
                ngo.id,
                dates.iso(day),
                None,
                None,
            )

    def _provider(self, ngo: Org, kind: str, victim_id: int, home: tuple[str, str]) -> Org:
        """The NGO itself where it offers the service, else an organisation the
        directory lists for it: where the NGO works, then where she comes from
        (repatriation: the country she returns from).  The NGO when nobody offers it."""
        offers = self.world.offers
        if offers.offers(ngo, kind):
            return ngo
        origin, here = home
        where = (here, origin) if kind != "repatriation" else (here,)
        return offers.provider(kind, where, victim_id) or ngo

    def _consents(
        self, rng: random.Random, victim_id: int, ngo: Org, case: CaseFile | None, day: int
    ) -> None:
        rows = self.world.rows
        withdrawn = None
        if rng.random() < 0.05 and day + 60 <= dates.HORIZON:
            withdrawn = dates.iso(day + 30 + int(rng.random() * 30))
        rows.add("consent", victim_id, "assistance", ngo.id, dates.iso(day), withdrawn, True)
        if case is not None and rng.random() < 0.5:
            rows.add("consent", victim_id, "prosecution", case.lead.id, dates.iso(day), None, True)
        if rng.random() < 0.25:
            rows.add("consent", victim_id, "research", None, dates.iso(day), None, True)
