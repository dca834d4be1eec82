"""Same seed, same people and spellings: within a process and across processes.

Python salts str hashes per process (PYTHONHASHSEED); anything that leaked set order or
hash() into the output would show up as a difference between the two subprocesses.
"""

from __future__ import annotations

import os
import subprocess
import sys

# Builds families, spells them in every style with noise and dates, prints a digest.
SAMPLE = """
import hashlib, random
from amanat.demo.population import (
    NATIONALITIES, STYLES, choose_style, corrupt, make_identity, make_relative,
    recorded_birth_date, spell,
)

def digest(seed):
    rng = random.Random(seed)
    lines = []
    for i in range(600):
        nat = NATIONALITIES[i % len(NATIONALITIES)]
        person = make_identity(rng, i, nat, ("male", "female")[i % 2], 1950 + i % 60)
        child = make_relative(rng, person, "child", 10_000 + i, "female", 2000)
        for who in (person, child):
            lines.append(repr(who))
            for style in STYLES:
                lines.append(repr(corrupt(rng, spell(rng, who, style), 0.3)))
            lines.append(choose_style(rng, "KZ", nat, ("government", "ngo")[i % 2]))
            lines.append(repr(recorded_birth_date(rng, who)))
    return hashlib.sha256("\\n".join(lines).encode()).hexdigest()
"""


def _digest_in_subprocess(hash_seed: str) -> str:
    env = os.environ | {"PYTHONHASHSEED": hash_seed}
    code = SAMPLE + "\nprint(digest(2024))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def _digest_here(seed: int) -> str:
    namespace: dict[str, object] = {}
    exec(SAMPLE, namespace)
    digest = namespace["digest"]
    assert callable(digest)
    return str(digest(seed))


def test_same_seed_same_output_in_one_process() -> None:
    assert _digest_here(2024) == _digest_here(2024)
    assert _digest_here(2024) != _digest_here(2025)


def test_same_seed_same_output_across_processes() -> None:
    first = _digest_in_subprocess("1")
    second = _digest_in_subprocess("987654")
    assert len(first) == 64
    assert first == second == _digest_here(2024)
