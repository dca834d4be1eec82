"""The justice pipeline of one person in one case, as dated events.

Attrition follows what the region reports: most identified suspects are arrested,
about a third of those arrested are prosecuted, two thirds of those prosecuted are
convicted; every step takes months, so recent cases are still open at the horizon.
Officials are arrested and convicted less often than the people they protect.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from amanat.demo.region.casefile import CaseFile
from amanat.demo.region.dates import HORIZON, iso
from amanat.demo.region.provenance import provenance
from amanat.demo.region.world import World

ARREST = {
    "drugs": 0.72,
    "tip": 0.62,
    "smuggling": 0.68,
    "arms": 0.7,
    "corruption": 0.45,
    "money_laundering": 0.5,
}
CHARGE = {
    "drugs": 0.45,
    "tip": 0.38,
    "smuggling": 0.42,
    "arms": 0.45,
    "corruption": 0.36,
    "money_laundering": 0.4,
}
PROSECUTE = 0.8  # of those charged, sent to court
CONVICT, ACQUIT = 0.68, 0.14  # of those tried; the rest are dismissed in court
APPEAL = 0.25
EXTRADITION = 0.03
# Months of prison: (shortest, longest).
SENTENCE_MONTHS = {
    "drugs": (36, 180),
    "tip": (60, 180),
    "smuggling": (24, 72),
    "arms": (24, 96),
    "corruption": (24, 96),
    "money_laundering": (36, 120),
}
CURRENCY = {
    "KZ": "KZT",
    "KG": "KGS",
    "UZ": "UZS",
    "TJ": "TJS",
    "TM": "TMT",
    "RU": "RUB",
    "TR": "TRY",
    "AE": "AED",
    "AF": "AFN",
}
# A typical fine in each currency (the median is about 1,000 US dollars).
FINE_SCALE = {
    "KZT": 450_000,
    "KGS": 85_000,
    "UZS": 12_000_000,
    "TJS": 11_000,
    "TMT": 3_500,
    "RUB": 80_000,
    "TRY": 25_000,
    "AED": 3_700,
    "AFN": 70_000,
}
APPEAL_OUTCOMES = (
    ("upheld", 0.7),
    ("sentence_reduced", 0.14),
    ("overturned", 0.05),
    ("retrial_ordered", 0.06),
    ("sentence_increased", 0.05),
)


@dataclass(slots=True)
class Outcome:
    """Where one person's path through the pipeline ended (so far)."""

    arrested: bool = False
    charged: bool = False
    tried: bool = False
    verdict: str | None = None  # convicted | acquitted | dismissed
    verdict_day: int | None = None
    resolved: bool = False  # nothing more will happen
    last_day: int = 0
    appeal_pending: bool = False


def _lag(rng: random.Random, shortest: int, longest: int) -> int:
    return shortest + int(rng.random() * (longest - shortest))


def _appeal_outcome(rng: random.Random) -> str:
    roll = rng.random()
    for outcome, share in APPEAL_OUTCOMES:
        roll -= share
        if roll < 0:
            return outcome
    return "upheld"


class Pipeline:
    """Writes pipeline events for the people of one case."""

    def __init__(self, world: World, case: CaseFile) -> None:
        self.world = world
        self.case = case

    def event(
        self,
        rng: random.Random,
        stage: str,
        day: int,
        person_id: int | None,
        *,
        by: str = "lead",
        place_id: int | None = None,
        sentence: tuple[int | None, float | None, str | None, bool | None] = (None,) * 4,
        appeal: str | None = None,
        extradition: tuple[str | None, str | None] = (None, None),
        source_id: int | None = None,
    ) -> None:
        case = self.case
        org = case.court if by == "court" else case.prosecutor if by == "prosecutor" else case.lead
        rows = self.world.rows
        event_id = rows.next_id["pipeline_event"]
        kind = "court_decision" if by == "court" and source_id else "agency_record"
        rows.add(
            "pipeline_event",
            case.case_id,
            person_id,
            stage,
            iso(day),
            place_id if place_id is not None else case.place_id,
            *sentence,
            appeal,
            *extradition,
            case.court_name if by == "court" else None,
            None,
            *provenance(rng, org, "E", event_id, day, kind, "routine", source_id),
        )

    def person(
        self, rng: random.Random, person_id: int, identified: int, *, official: bool = False
    ) -> Outcome:
        """The events of one suspect, from identification as far as they got by the horizon."""
        case = self.case
        kind = case.case_type
        out = Outcome(last_day=identified)
        self.event(rng, "suspect_identified", identified, person_id)
        damp = 0.6 if official else 1.0  # protection keeps officials out of the dock
        if rng.random() >= ARREST[kind] * damp:
            return out
        # Most arrests follow within weeks; fugitives are caught years later, some abroad.
        fugitive = rng.random() < 0.1
        arrested = identified + (_lag(rng, 90, 1500) if fugitive else _lag(rng, 0, 60))
        if arrested > HORIZON:
            return out
        abroad = case.abroad if fugitive and rng.random() < EXTRADITION * 10 else None
        out.arrested, out.last_day = True, arrested
        if abroad:
            self.event(rng, "arrested", arrested, person_id, place_id=abroad[1])
            extradited = arrested + _lag(rng, 60, 400)
            if extradited > HORIZON:
                return out
            self.event(
                rng, "extradited", extradited, person_id, extradition=(abroad[0], case.jurisdiction)
            )
            arrested = extradited
        else:
            self.event(rng, "arrested", arrested, person_id)
        if rng.random() >= CHARGE[kind] * damp:
            # Released for want of evidence, or the investigation simply goes on.
            if rng.random() < 0.5:
                day = arrested + _lag(rng, 30, 365)
                if day <= HORIZON:
                    self.event(rng, "dismissed", day, person_id, by="prosecutor")
                    out.verdict, out.resolved, out.last_day = "dismissed", True, day
            return out
        return self._court(rng, person_id, arrested, out, official)

    def _court(
        self, rng: random.Random, person_id: int, arrested: int, out: Outcome, official: bool
    ) -> Outcome:
        case = self.case
        charged = arrested + _lag(rng, 20, 270)
        if charged > HORIZON:
            return out
        self.event(rng, "charged", charged, person_id, by="prosecutor")
        out.charged, out.last_day = True, charged
        if rng.random() >= PROSECUTE:
            return out
        prosecuted = charged + _lag(rng, 30, 200)
        if prosecuted > HORIZON:
            return out
        self.event(rng, "prosecuted", prosecuted, person_id, by="prosecutor")
        opened = prosecuted + _lag(rng, 20, 150)
        out.last_day = prosecuted
        if opened > HORIZON:
            return out
        self.event(rng, "trial_opened", opened, person_id, by="court", place_id=case.court_place_id)
        out.tried, out.last_day = True, opened
        decided = opened + _lag(rng, 30, 420)
        if decided > HORIZON:
            return out
        source_id = case.decision(rng, decided)
        roll = rng.random() * (1.3 if official else 1.0)
        verdict = (
            "convicted"
            if roll < CONVICT
            else "acquitted"
            if roll < CONVICT + ACQUIT
            else "dismissed"
        )
        self.event(
            rng,
            verdict,
            decided,
            person_id,
            by="court",
            source_id=source_id,
            place_id=case.court_place_id,
        )
        out.verdict, out.verdict_day, out.resolved, out.last_day = verdict, decided, True, decided
        if verdict != "convicted":
            return out
        self.event(
            rng,
            "sentenced",
            decided,
            person_id,
            by="court",
            source_id=source_id,
            place_id=case.court_place_id,
            sentence=self._sentence(rng, official),
        )
        if rng.random() < APPEAL:
            appealed = decided + _lag(rng, 60, 300)
            if appealed > HORIZON:
                out.appeal_pending = True
                return out
            self.event(
                rng,
                "appeal_decided",
                appealed,
                person_id,
                by="court",
                appeal=_appeal_outcome(rng),
                place_id=case.court_place_id,
            )
            out.last_day = appealed
        return out

    def _sentence(
        self, rng: random.Random, official: bool
    ) -> tuple[int | None, float | None, str | None, bool | None]:
        kind = self.case.case_type
        shortest, longest = SENTENCE_MONTHS[kind]
        months: int | None = _lag(rng, shortest, longest)
        if official:
            months = (months or 0) // 2
        fine = currency = None
        if kind in ("corruption", "money_laundering", "smuggling") or rng.random() < 0.1:
            currency = CURRENCY.get(self.case.jurisdiction, "USD")
            fine = round(FINE_SCALE.get(currency, 1000) * rng.lognormvariate(0, 0.8), -2)
            if rng.random() < 0.3:
                months = None  # a fine instead of prison
        confiscation = kind in ("drugs", "money_laundering", "corruption") and rng.random() < 0.4
        return months, fine, currency, confiscation or None
