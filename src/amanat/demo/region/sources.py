"""Sources that records rest on: court decisions, NGO and agency reports, media.

Annual reports and published statistics are made once per organisation and year;
a court decision is made for each case that reaches a verdict.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from amanat.demo.region import dates
from amanat.demo.region.organisations import Directory, Org
from amanat.demo.region.provenance import provenance
from amanat.demo.region.rows import Rows

REPORTING_KINDS = {
    "ngo": ("ngo_report", "routine", "Annual report on assisted victims"),
    "international_org": ("ngo_report", "routine", "Programme monitoring report"),
    "regional_centre": ("open_source", "public", "Regional statistics on seizures and arrests"),
    "research_media": ("media", "public", "Investigations published"),
}
LANGUAGE = {"KZ": "ru", "KG": "ru", "UZ": "uz", "TJ": "ru", "TM": "ru", "RU": "ru", "TR": "tr"}


@dataclass
class Sources:
    rows: Rows
    # (organisation id, year) -> the organisation's report of that year.
    annual: dict[tuple[int, int], int] = field(default_factory=dict)

    def add(
        self,
        rng: random.Random,
        org: Org,
        day: int,
        title: str,
        *,
        reference: str | None = None,
        source_kind: str = "agency_record",
        sensitivity: str = "routine",
    ) -> int:
        source_id = self.rows.next_id["source"]
        return self.rows.add(
            "source",
            title,
            reference,
            dates.iso(day),
            None,
            LANGUAGE.get(org.country, "en"),
            None,
            *provenance(rng, org, "S", source_id, day, source_kind, sensitivity),
        )

    def add_annual_reports(self, rng: random.Random, orgs: Directory) -> None:
        """One report a year from each NGO, international body, regional centre and outlet."""
        for org in orgs.orgs:
            kind = REPORTING_KINDS.get(org.kind)
            if kind is None:
                continue
            source_kind, sensitivity, title = kind
            for year in range(2012, dates.HORIZON_YEAR):
                day = dates.day_of(year + 1, 2, 15)
                self.annual[(org.id, year)] = self.add(
                    rng,
                    org,
                    day,
                    f"{title}, {year}",
                    source_kind=source_kind,
                    sensitivity=sensitivity,
                    reference=f"{org.code}/{year}",
                )

    def report_of(self, org: Org, day: int) -> int | None:
        """The annual report of ``org`` that covers ``day`` (if it has been published)."""
        return self.annual.get((org.id, dates.year(day)))
