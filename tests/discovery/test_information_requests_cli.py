"""`amanat rfi` as a user runs it: the asker files a request from a hit's reference,
the holder lists it, releases the names only, and the asker sees the names and no
more; a subprocess on a register file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from tests.actions.conftest import World
from tests.discovery.conftest import PASSPORT, SUSPECT_NAME, suspect
from tests.discovery.test_cli import ASK, _run
from tests.service.web.conftest import build_world

from amanat.access.vault import generate_master_key

WHY = ("--purpose", "recruiter of Uzbek workers", "--basis", "other")


def test_request_answer_and_read_from_the_command_line(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    build_world(sqlite_engine)
    world = World(sqlite_engine, generate_master_key())
    suspect(world)
    url = str(sqlite_engine.url)
    asked = _run(world, url, "discover", "--name", "Taras Shevchenko", "--born", "1981-03-09", *ASK)
    assert asked.returncode == 0, asked.stderr
    reference = asked.stdout.splitlines()[1].split(",")[-1]

    filed = _run(world, url, "rfi", "file", reference, "--user", "police", *WHY,
                 "--urgency", "urgent")  # fmt: skip
    assert filed.returncode == 0, filed.stderr
    assert filed.stdout.startswith("request ") and "pending, due" in filed.stdout
    request_id = filed.stdout.split()[1].rstrip(":")

    inbox = _run(world, url, "rfi", "list", "--user", "uz-police", "--status", "pending")
    assert inbox.returncode == 0, inbox.stderr
    [row] = inbox.stdout.splitlines()[1:]
    assert row.startswith(f"to answer,{request_id},{reference},pending,,")
    holder = _run(world, url, "rfi", "show", request_id, "--user", "uz-police")
    assert "sections to release: names" in holder.stdout, holder.stderr
    # The same, in Russian: the labels translated, the codes (names, urgent) as they are.
    russian = _run(world, url, "rfi", "show", request_id, "--user", "uz-police", AMANAT_LANG="ru")
    assert "разделы, которые можно предоставить: names" in russian.stdout, russian.stderr
    assert "срочность — urgent" in russian.stdout
    assert not {"sections", "release", "urgency", "asked", "due"} & set(
        russian.stdout.replace(":", " ").split()
    )

    both = _run(world, url, "rfi", "answer", request_id, "--user", "uz-police", "--approve",
                "--decline", "no")  # fmt: skip
    assert both.returncode != 0 and "one of" in both.stderr
    kazakh = _run(world, url, "rfi", "answer", request_id, "--user", "uz-police", "--approve",
                  "--decline", "no", AMANAT_LANG="kk")  # fmt: skip
    assert kazakh.stderr.startswith("Қате: мыналардың бірін беріңіз: --approve"), kazakh.stderr
    stranger = _run(world, url, "rfi", "show", request_id, "--user", "ngo")
    assert stranger.returncode != 0 and "not found" in stranger.stderr
    answered = _run(world, url, "rfi", "answer", request_id, "--user", "uz-police",
                    "--section", "names")  # fmt: skip
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.strip() == f"request {request_id}: partial"
    # Filed once only: the action's refusal, in the asker's language (here Tajik).
    again = _run(world, url, "rfi", "file", reference, "--user", "police", *WHY,
                 AMANAT_LANG="tg")  # fmt: skip
    assert again.returncode == 1
    assert f"аллакай дархост шудааст (дархости {request_id})" in again.stderr, again.stderr

    seen = _run(world, url, "rfi", "show", request_id, "--user", "police")
    assert seen.returncode == 0, seen.stderr
    assert f"names: {SUSPECT_NAME}" in seen.stdout
    assert PASSPORT not in seen.stdout and "1981" not in seen.stdout


def test_the_broker_from_the_command_line(sqlite_engine: Engine, tmp_path: Path) -> None:
    """An NGO's case worker learns hit only; the holder finds the query marked brokered
    in `amanat discovery received`, asks the NGO back, and reads its answer."""
    build_world(sqlite_engine)
    world = World(sqlite_engine, generate_master_key())
    suspect(world)
    url = str(sqlite_engine.url)
    asked = _run(world, url, "discover", "--name", "Taras Shevchenko", "--born", "1981-03-09",
                 "--user", "ngo", *WHY)  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    [row] = asked.stdout.splitlines()[1:]
    assert ",hit,hit,,,," in row and row.endswith(",")  # no holder, no reference
    received = _run(world, url, "discovery", "received", "--user", "uz-police")
    assert received.returncode == 0, received.stderr
    [hit] = received.stdout.splitlines()[1:]
    assert hit.endswith(",yes") and "KG-NGO" in hit
    reference = hit.split(",")[3]
    back = _run(world, url, "rfi", "ask-back", reference, "--user", "uz-police", *WHY)
    assert back.returncode == 0 and "pending, due" in back.stdout, back.stderr
    request_id = back.stdout.split()[1].rstrip(":")
    wordless = _run(world, url, "rfi", "answer", request_id, "--user", "ngo", "--approve")
    assert wordless.returncode != 0 and "note" in wordless.stderr
    told = _run(world, url, "rfi", "answer", request_id, "--user", "ngo", "--approve",
                "--note", "He drove her to the border in May.")  # fmt: skip
    assert told.returncode == 0, told.stderr
    seen = _run(world, url, "rfi", "show", request_id, "--user", "uz-police")
    assert "He drove her to the border in May." in seen.stdout, seen.stderr
    assert SUSPECT_NAME not in seen.stdout + told.stdout
