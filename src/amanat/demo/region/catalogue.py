"""Lists from ``data/catalogue.yaml``: vehicles, weapons, names of groups, concealments."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from amanat.demo.region.organisations import DATA


@cache
def catalogue() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / "catalogue.yaml").read_text(encoding="utf-8"))
    return data


@cache
def concealments() -> tuple[str, ...]:
    return tuple(catalogue()["concealment"])
