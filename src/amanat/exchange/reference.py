"""The published definitions Amanat's exports follow, shipped with it as data files
in ``exchange/data`` (each file names its source, version and terms): HTCDS 2.0's
field list, the CTDC global dataset's columns, UNODC's GLOTIP layout, UN M49 regions,
and Amanat's mappings onto them.  Read once, never fetched at run time."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from amanat.vocab import vocabulary


@cache
def reference(name: str) -> dict[str, Any]:
    """The data file ``exchange/data/<name>.yaml``."""
    text = resources.files("amanat.exchange").joinpath(f"data/{name}.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@dataclass(frozen=True)
class Area:
    """A country as the UN's statistics name and place it (M49)."""

    iso3: str
    name: str
    region: str  # empty where M49 gives none (Antarctica)
    subregion: str


@cache
def _areas() -> dict[str, Area]:
    return {
        iso3: Area(iso3, name, region, subregion)
        for iso3, (_, name, region, subregion) in reference("m49")["countries"].items()
    }


def area(alpha2: str | None) -> Area | None:
    """The M49 area of an ISO alpha-2 code of the register's country vocabulary;
    None for no code, or a country M49 does not list (Taiwan)."""
    countries = vocabulary("country")
    if not alpha2 or alpha2 not in countries:
        return None
    return _areas().get(countries.term(alpha2).attrs.get("alpha3", ""))
