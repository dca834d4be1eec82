"""`amanat discover` and `amanat discovery` as a user runs them: a subprocess on a
register file, the master key in the environment."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine
from tests.actions.conftest import World
from tests.discovery.conftest import PASSPORT, suspect
from tests.service.web.conftest import build_world

from amanat.access.vault import generate_master_key

AMANAT = str(Path(sys.executable).parent / "amanat")
ASK = ("--user", "police", "--purpose", "recruiter of Uzbek workers", "--basis", "other")


def _run(
    world: World, url: str, *arguments: str, **language: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "AMANAT_DATABASE_URL": url,
        "AMANAT_MASTER_KEY": base64.b64encode(world.master.secret).decode(),
        **language,
    }
    return subprocess.run(
        [AMANAT, *arguments], env=env, capture_output=True, text=True, timeout=120
    )


def test_discover_one_and_a_batch_from_the_command_line(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    build_world(sqlite_engine)
    world = World(sqlite_engine, generate_master_key())
    suspect(world)
    url = str(sqlite_engine.url)
    one = _run(world, url, "discover", "--name", "Taras Shevchenko", "--born", "1981-03-09", *ASK)
    assert one.returncode == 0, one.stderr
    header, row = one.stdout.splitlines()
    assert header.startswith("row,id,answer,band,holder")
    assert row.startswith("1,,hit,certain,UZ-MVD,")
    assert "Shevchenko" not in one.stdout and len(row.split(",")) == 8

    batch = tmp_path / "border.csv"
    batch.write_text(
        "id,name,born,document_type,document_country,document\n"
        "A-1,Шевченко Тарас,1981,,,\n"
        "A-2,Ivanov Sergei,1990,,,\n"
        f"A-3,,,national_passport,UZ,{PASSPORT}\n",
        encoding="utf-8",
    )
    many = _run(world, url, "discover", str(batch), *ASK)
    assert many.returncode == 0, many.stderr
    answers = [line.split(",")[:4] for line in many.stdout.splitlines()[1:]]
    assert answers == [
        ["1", "A-1", "hit", "probable"],  # a year only: namesakes are common
        ["2", "A-2", "no hit", ""],
        ["3", "A-3", "hit", "certain"],
    ]
    assert "3 queries: 2 hit, 1 no hit" in many.stderr

    seen = _run(world, url, "discovery", "received", "--user", "uz-police")
    assert seen.returncode == 0, seen.stderr
    assert seen.stdout.count("recruiter of Uzbek workers") == 3
    assert "Shevchenko" not in seen.stdout and "Шевченко" not in seen.stdout
    # The summary is for people: in the asker's language (AMANAT_LANG); the CSV is not.
    russian = _run(world, url, "discover", str(batch), *ASK, AMANAT_LANG="ru")
    assert [line.split(",")[:4] for line in russian.stdout.splitlines()[1:]] == answers
    assert "Запросов: 3; с совпадением: 2, без совпадения: 1" in russian.stderr
    assert "queries" not in russian.stderr

    index = _run(world, url, "discovery", "index")
    assert index.returncode == 0 and "1 discoverable" in index.stdout, index.stderr
    kazakh = _run(world, url, "discovery", "index", AMANAT_LANG="kk")
    assert "іздеуге қолжетімді: 1; кодталды" in kazakh.stdout, kazakh.stderr
    refused = _run(world, url, "discover", "--name", "Taras", *ASK[:-1], "treaty")
    assert refused.returncode == 1 and "basis" in refused.stderr
