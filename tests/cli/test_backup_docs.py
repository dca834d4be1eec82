"""docs/backup.md runs as written: its shell blocks in order as one session, the
systemd unit's ``ExecStart`` and the crontab line, with the document's paths and
database addresses replaced by a test's own (a path the test does not know fails it,
so the document cannot gain a command this test does not run).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from tests.databases import postgres_database

from amanat.access.vault import generate_master_key_file
from amanat.store.backup import MANIFEST

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "backup.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
CRON = re.compile(r"^[\d*,/-]+(?: [\d*,/-]+){4} (.+)$")


def blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(DOC) if lang == language]


def shell_session() -> str:
    return "".join(blocks("sh"))


def exec_start() -> str:
    lines = [line for body in blocks("ini") for line in body.splitlines()]
    (command,) = [
        line.removeprefix("ExecStart=") for line in lines if line.startswith("ExecStart=")
    ]
    return command.replace("$$", "$").replace("%%", "%")  # systemd's escapes


def cron_command() -> str:
    found = [CRON.match(line) for body in blocks("") for line in body.splitlines()]
    (command,) = [match.group(1) for match in found if match]
    return command.replace("\\%", "%")  # cron's escape


def test_the_document_has_what_this_test_runs() -> None:
    assert "amanat backup" in shell_session() and "amanat restore" in shell_session()
    assert "amanat backup" in exec_start() and "amanat backup" in cron_command()


def test_every_command_of_the_document_runs(tmp_path: Path, postgres_url: str) -> None:
    server = make_url(postgres_url)
    base = f"postgresql://amanat@{server.host}:{server.port}/"
    live = postgres_database(postgres_url, "docs_live")
    postgres_database(postgres_url, "docs_restored", create=False)  # the document creates it
    paths = {
        "amanat_restored": "docs_restored",
        "postgresql://amanat@localhost/amanat": base + "docs_live",
        "postgresql://amanat@localhost/": base,
        "/etc/amanat/": f"{tmp_path}/etc/",
        "/var/backups/amanat/": f"{tmp_path}/backups/",
        "/srv/amanat/": f"{tmp_path}/srv/",
    }

    def ours(command: str) -> str:
        for doc, test in paths.items():
            command = command.replace(doc, test)
        rest = command
        for test in paths.values():
            rest = rest.replace(test, "")
        for unknown in ("/etc/", "/var/", "/srv/", "localhost"):
            assert unknown not in rest, command
        return command

    for folder in ("etc", "backups", "srv"):
        (tmp_path / folder).mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
    env |= {
        "PATH": f"{BIN}:{env['PATH']}",
        "PGHOST": str(server.host),
        "PGPORT": str(server.port),
        "PGUSER": "amanat",
    }
    # What the document takes as there: a register in each database, the master key.
    sqlite_live = f"sqlite:///{tmp_path}/srv/amanat.sqlite"
    for url in (live, sqlite_live):
        for command in (["init"], ["org", "add", "KZ-TEST", "Test agency", "--kind", "police"]):
            done = subprocess.run(
                [str(BIN / "amanat"), *command, "--database", url],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode == 0, done.stderr
    generate_master_key_file(tmp_path / "etc" / "master.key")

    session = subprocess.run(
        ["bash", "-e", "-c", ours(shell_session())], env=env, capture_output=True, text=True
    )
    assert session.returncode == 0, session.stdout + session.stderr
    assert "Restored" in session.stdout and "Audit trail intact" in session.stdout
    backups = tmp_path / "backups"
    assert (backups / "2026-12-07" / MANIFEST).exists()
    assert (backups / "laptop" / MANIFEST).exists()
    assert (tmp_path / "srv" / "restored.sqlite").exists()

    environment_file = tmp_path / "etc" / "amanat.env"
    environment_file.write_text(
        f"AMANAT_DATABASE_URL={base}docs_live\n"
        f"AMANAT_AUDIT_SIGNING_KEY_FILE={tmp_path}/etc/audit-signing.key\n"
    )
    service_env = env | dict(
        line.split("=", 1) for line in environment_file.read_text().splitlines()
    )
    for command, run_env in ((exec_start(), service_env), (cron_command(), env)):
        time.sleep(1.1)  # each backup's folder is named by the second
        done = subprocess.run(
            ["sh", "-c", ours(command)], env=run_env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    stamped = [path for path in backups.iterdir() if re.fullmatch(r"\d{8}T\d{6}Z", path.name)]
    assert len(stamped) == 2 and all((path / MANIFEST).exists() for path in stamped)
