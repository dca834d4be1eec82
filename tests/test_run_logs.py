"""The search of the run's logs finds what it looks for, and says it without repeating it."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from tests.run_logs import demo_given_names, leaks, leaks_in_line

from amanat.demo.users import DEMO_PASSWORD


def test_a_demo_name_in_either_script_is_found_and_masked() -> None:
    names = demo_given_names()
    cyrillic = next(n for n in sorted(names) if n[0] in "АБВГДЕЖЗИКЛМНОПРСТУФХЧШЭЮЯ")
    latin = next(n for n in sorted(names) if n[0] in "ABCDEFGHIJKLMNOPRSTUVYZ")
    for name in (cyrillic, latin):
        line = f'{{"message": "search", "q": "{name}"}}'
        [what] = leaks_in_line(line)
        assert what == f"a name {name[0]}… ({len(name)} letters)" and name not in what


def test_a_name_inside_a_longer_word_is_not_a_name() -> None:
    name = max(demo_given_names(), key=len)
    assert leaks_in_line(f"x{name}x {name[:-1]}") == []


def test_tokens_and_the_demo_password_are_found() -> None:
    # Outside the run's temporary folder, which the run's own search reads.
    with tempfile.TemporaryDirectory() as folder:
        _tokens_and_the_demo_password_are_found(Path(folder) / "serve.log")


def _tokens_and_the_demo_password_are_found(log: Path) -> None:
    token = "amanat_12_" + "A" * 43
    record = json.dumps({"message": "signed in", "password": DEMO_PASSWORD})
    log.write_text(f"ok\nAuthorization: Bearer {token}\n{record}\n", "utf-8")
    assert leaks([log]) == [
        f"{log}:2: an API token",
        f"{log}:3: the demo password",
    ]
    assert leaks_in_line("GET /api/v1/cases 200") == []
    assert leaks_in_line(f"Sign in with the password {DEMO_PASSWORD}") == []  # the demo's banner
