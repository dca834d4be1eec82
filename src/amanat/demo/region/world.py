"""Everything a build shares while it generates: rows, directories, registries."""

from __future__ import annotations

from dataclasses import dataclass

from amanat.demo.region.arsenal import Arsenal
from amanat.demo.region.gazetteer import Gazetteer
from amanat.demo.region.organisations import Directory
from amanat.demo.region.people import People
from amanat.demo.region.rows import Rows
from amanat.demo.region.services import Offers
from amanat.demo.region.sources import Sources
from amanat.demo.region.things import Things
from amanat.demo.region.truth import Truth


@dataclass
class World:
    rows: Rows
    orgs: Directory
    places: Gazetteer
    people: People
    things: Things
    arsenal: Arsenal
    sources: Sources
    truth: Truth
    offers: Offers
