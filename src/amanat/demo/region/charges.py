"""Penal-code articles per country and case type (``data/penal_codes.yaml``)."""

from __future__ import annotations

import random
from functools import cache
from typing import Any

import yaml

from amanat.demo.region.organisations import DATA

Article = tuple[str, str | None, str]  # (article, part, description)


@cache
def penal_codes() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / "penal_codes.yaml").read_text(encoding="utf-8"))
    return data


def articles(country: str, case_type: str) -> list[Article]:
    code = penal_codes().get(country) or penal_codes()["KZ"]
    return [(str(a), str(p) or None, str(d)) for a, p, d in code[case_type]]


def pick_articles(rng: random.Random, country: str, case_type: str) -> list[Article]:
    """The main article of the case type, and now and then a second one."""
    options = articles(country, case_type)
    # The first article is the main offence; lesser ones are charged alongside or instead.
    main = options[0] if rng.random() < 0.7 else options[int(rng.random() * len(options))]
    chosen = [main]
    if len(options) > 1 and rng.random() < 0.3:
        extra = options[int(rng.random() * len(options))]
        if extra != main:
            chosen.append(extra)
    return chosen


def law_name(country: str) -> str:
    code = penal_codes().get(country) or penal_codes()["KZ"]
    return str(code["law"])
