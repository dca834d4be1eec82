"""`amanat services` as a user runs it, in a subprocess: an administrator lists her
organisation's offers and withdraws one; anyone lists the directory; nobody else
changes it, and a bad code is refused naming it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from amanat.cli.main import app

AMANAT = str(Path(sys.executable).parent / "amanat")
PASSWORD = "a long enough password"


def _run(database: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [AMANAT, *arguments, "--database", database], capture_output=True, text=True, timeout=120
    )


def _setup(database: str) -> None:
    """The register, two organisations and their users (in-process: quicker)."""
    for arguments in (
        ("init",),
        ("org", "add", "KZ-SHELTER", "Almaty shelter", "--kind", "ngo", "--country", "KZ"),
        ("org", "add", "KZ-POL", "Kazakhstan police", "--kind", "police", "--country", "KZ"),
        ("user", "add", "shelter-admin", "--org", "KZ-SHELTER", "--role", "administrator"),
        ("user", "add", "police-admin", "--org", "KZ-POL", "--role", "administrator"),
        ("user", "add", "worker", "--org", "KZ-POL", "--role", "investigator"),
    ):
        extra = ("--password", PASSWORD) if arguments[:2] == ("user", "add") else ()
        done = CliRunner().invoke(app, [*arguments, *extra, "--database", database])
        assert done.exit_code == 0, done.output


def test_an_administrator_keeps_her_organisations_offers(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    _setup(database)
    made = _run(
        database, "services", "offer", "shelter", "--region", "Almaty", "-u", "shelter-admin"
    )
    assert made.returncode == 0, made.stderr
    assert "shelter in KZ, Almaty" in made.stdout
    number = made.stdout.split()[1].rstrip(":")
    listed = _run(database, "services", "list", "--service", "shelter", "-u", "worker")
    assert listed.returncode == 0 and "KZ-SHELTER" in listed.stdout and "Almaty" in listed.stdout
    refused = _run(database, "services", "offer", "shelter", "-u", "worker")
    assert refused.returncode == 1 and "administer" in refused.stdout + refused.stderr
    other = _run(database, "services", "withdraw", number, "-u", "police-admin")
    assert other.returncode == 1 and "not found" in other.stdout + other.stderr
    bad = _run(database, "services", "offer", "spa", "-u", "shelter-admin")
    assert (
        bad.returncode == 1 and "service: is not a kind of assistance (given: 'spa')" in bad.stderr
    )
    gone = _run(database, "services", "withdraw", number, "-u", "shelter-admin")
    assert gone.returncode == 0, gone.stderr
    empty = _run(database, "services", "list", "-u", "worker")
    assert "KZ-SHELTER" not in empty.stdout
