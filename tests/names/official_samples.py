"""iuliia's official sample pairs as data the name layer was not built from.

Every schema that ships with ``iuliia`` (28 schemes, from ALA-LC to Yandex) carries the
publisher's own examples: a Cyrillic text and its Latin form by that scheme.  They test the
name layer on spellings our demo generator never made.

- Positives: each sample pair whole (the figure issue 14 quotes), and word by word (the
  samples' words line up one to one).
- Negatives: pairs of *different* names, made by pairing one sample's Cyrillic with another
  sample's Latin (whole), and one word's Cyrillic with another word's Latin (words).  Two
  words that differ only in their last letter are case forms of one word (Йошкар-Ола,
  Йошкар-Олы) and are paired with neither.
- Held out: the schemes of every family (a scheme and its ``_alt``) whose SHA-256 digest
  of the family name starts with an odd byte.  The rule was fixed before any sample was
  read; the held-out part was never looked at while tuning the name layer.

Run ``python -m tests.names.official_samples`` for the table of recall and precision.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from amanat.names import Decision, compare_names
from amanat.names.transliterate import IULIIA_SCHEMES

_WORD = re.compile(r"\S+")
_EDGES = ".,;:!?()«»"


@dataclass(frozen=True)
class Sample:
    scheme: str
    cyrillic: str
    latin: str


def held_out(scheme: str) -> bool:
    """Whether a scheme's samples are kept out of tuning (the fixed rule above)."""
    family = scheme.removesuffix("_alt").encode()
    return hashlib.sha256(family).digest()[0] % 2 == 1


def offered(scheme: str) -> bool:
    """Whether ``transliterate`` writes this scheme itself (its own output is matched by
    reading it, so these samples measure less than those of the other schemes)."""
    return scheme in IULIIA_SCHEMES.values()


@cache
def samples() -> tuple[Sample, ...]:
    """Every sample pair of every schema iuliia ships, in file order."""
    found: list[Sample] = []
    folder = resources.files("iuliia").joinpath("schemas")
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".json"):
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        for cyrillic, latin in schema.get("samples") or ():
            found.append(Sample(schema["name"], cyrillic, latin))
    return tuple(found)


def words(sample: Sample) -> Iterator[tuple[str, str]]:
    """The sample's (Cyrillic, Latin) word pairs; words without letters left out."""
    cyrillic, latin = _WORD.findall(sample.cyrillic), _WORD.findall(sample.latin)
    if len(cyrillic) != len(latin):
        return
    for a, b in zip(cyrillic, latin, strict=True):
        a, b = a.strip(_EDGES), b.strip(_EDGES)
        if any(c.isalpha() for c in a) and any(c.isalpha() for c in b):
            yield a, b


def _case_forms(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a == b or (len(a) == len(b) and a[:-1] == b[:-1])


@dataclass(frozen=True)
class Pairs:
    positives: tuple[tuple[str, str], ...]
    negatives: tuple[tuple[str, str], ...]


def pairs(part: list[Sample], level: str) -> Pairs:
    """Positive and negative (Cyrillic, Latin) pairs of a part, whole samples or words."""
    if level == "whole":
        units = [(s.cyrillic, s.latin) for s in part]
    else:
        units = [pair for s in part for pair in words(s)]
    positives = tuple(dict.fromkeys(units))
    sources = sorted({a for a, _ in positives})
    negatives = tuple(
        (a, b) for a in sources for source, b in positives if not _case_forms(a, source)
    )
    return Pairs(positives, negatives)


@dataclass(frozen=True)
class Figures:
    positives: int
    negatives: int
    recall_match: float
    recall_possible: float
    false_matches: int
    false_possibles: int

    @property
    def precision_match(self) -> float:
        found = self.recall_match * self.positives
        return found / (found + self.false_matches) if found else 1.0

    @property
    def precision_possible(self) -> float:
        found = self.recall_possible * self.positives
        return found / (found + self.false_possibles) if found else 1.0


def measure(given: Pairs) -> Figures:
    decided = [compare_names(a, b).decision for a, b in given.positives]
    against = [compare_names(a, b).decision for a, b in given.negatives]
    total = len(decided) or 1
    return Figures(
        len(decided),
        len(against),
        sum(d is Decision.MATCH for d in decided) / total,
        sum(d is not Decision.NO_MATCH for d in decided) / total,
        sum(d is Decision.MATCH for d in against),
        sum(d is not Decision.NO_MATCH for d in against),
    )


def parts() -> dict[str, list[Sample]]:
    """Every sample (the figure issue 14 quoted), then the tuning and held-out parts, each
    also split by whether ``transliterate`` offers the scheme."""
    every = samples()
    out: dict[str, list[Sample]] = {"all": list(every)}
    for name, kept in (("tuning", False), ("held out", True)):
        part = [s for s in every if held_out(s.scheme) is kept]
        out[name] = part
        out[f"{name}, schemes not offered"] = [s for s in part if not offered(s.scheme)]
        out[f"{name}, schemes offered"] = [s for s in part if offered(s.scheme)]
    return out


def table() -> list[str]:
    lines = [
        "| part | level | positives | negatives | recall@match | recall@possible "
        "| precision@match | precision@possible | false matches |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, part in parts().items():
        for level in ("whole", "words"):
            f = measure(pairs(part, level))
            lines.append(
                f"| {name} | {level} | {f.positives} | {f.negatives} | {f.recall_match:.3f} "
                f"| {f.recall_possible:.3f} | {f.precision_match:.4f} "
                f"| {f.precision_possible:.4f} | {f.false_matches} |"
            )
    return lines


if __name__ == "__main__":
    print("\n".join(table()))
