"""What the logs of a whole test run must never carry, searched at its end.

Every test session (each xdist worker has its own) writes what Amanat logs in its
process, through the service's own JSON formatter, to ``in-process.log`` in the
session's temporary folder; the ``amanat serve`` processes the tests start write
their logs (and nginx its logs) as ``*.log`` files in the same folder.  When the
session ends, every one of them is searched for an API token, the demo password and
every given name the demo population is drawn from, in each of its spellings.  A
hit fails the run, naming the file and line — and the name only by its first letter
and length, so the report is not itself a leak.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from amanat.access.tokens import PREFIX
from amanat.demo.population.namebook import ORIGINS, namebook
from amanat.demo.users import DEMO_PASSWORD

# Shorter names are also words and codes ("Ali", "Aida"); five letters and more are
# names in any log line.
SHORTEST_NAME = 5
TOKEN = re.compile(rf"\b{PREFIX}_\d+_[A-Za-z0-9_-]{{43}}")


@cache
def demo_given_names() -> frozenset[str]:
    names: set[str] = set()
    for origin in ORIGINS:
        book = namebook(origin)
        for name in (*book.male.outcomes, *book.female.outcomes):
            forms = book.forms.get(name)
            spellings = (name,) if forms is None else (name, *forms.cyrillic, *forms.latin)
            names.update(s for s in spellings if len(s) >= SHORTEST_NAME)
    return frozenset(names)


@cache
def _name_pattern() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(name) for name in sorted(demo_given_names(), key=len))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _masked(found: str) -> str:
    return f"{found[0]}… ({len(found)} letters)"


def leaks_in_line(line: str) -> list[str]:
    """What ``line`` carries that no log may, each said without repeating it."""
    found = [f"a name {_masked(m.group())}" for m in _name_pattern().finditer(line)]
    if TOKEN.search(line):
        found.append("an API token")
    # `amanat demo` tells its user the demo password (the README prints it too); a log
    # record — one JSON object a line — never carries it.
    if DEMO_PASSWORD in line and line.lstrip().startswith("{"):
        found.append("the demo password")
    return found


def leaks(paths: Iterable[Path]) -> list[str]:
    """``file:line: what`` for every line of ``paths`` that carries a leak."""
    reported = []
    for path in paths:
        with path.open(encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                reported.extend(f"{path}:{number}: {what}" for what in leaks_in_line(line))
    return reported
