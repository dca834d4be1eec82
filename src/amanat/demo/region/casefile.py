"""One case as the pipeline sees it: who leads it, who charges and tries, where."""

from __future__ import annotations

import random
from dataclasses import dataclass

from amanat.demo.region.organisations import Org
from amanat.demo.region.sources import Sources


@dataclass(slots=True)
class CaseFile:
    case_id: int
    case_type: str
    jurisdiction: str
    number: str
    lead: Org
    prosecutor: Org
    court: Org
    court_name: str
    place_id: int
    court_place_id: int
    sources: Sources
    # Where a fugitive of this case may be caught abroad: (country, place id).
    abroad: tuple[str, int] | None = None
    decision_id: int | None = None

    def decision(self, rng: random.Random, day: int) -> int:
        """The court decision the case's verdicts rest on (written at the first verdict)."""
        if self.decision_id is None:
            self.decision_id = self.sources.add(
                rng,
                self.court,
                day,
                f"Verdict of {self.court_name} in criminal case {self.number}",
                reference=self.number,
                source_kind="court_decision",
                sensitivity="court",
            )
        return self.decision_id
