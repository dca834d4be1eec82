"""Every command of docs/deployment.md is exercised: run by the layout (conftest), or,
where only a real machine's root can run it, stood in for by a named check here."""

from __future__ import annotations

import re
import subprocess

import pytest
from tests.deploy.conftest import GUIDE, ROOT, STOOD_IN, Layout, guide_commands, stood_in


def test_every_command_of_the_guide_ran_or_is_stood_in_for(layout: Layout) -> None:
    commands = guide_commands()
    assert len(commands) > 20  # the blocks were found
    not_run = [line for line in commands if line not in layout.ran and stood_in(line) is None]
    assert not_run == []
    # Nothing stands in for a command the guide no longer has.
    unused = [start for start in STOOD_IN if not any(c.startswith(start) for c in commands)]
    assert unused == []


def test_the_guide_installs_every_shipped_file() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    shipped = [p.relative_to(ROOT).as_posix() for p in (ROOT / "deploy").rglob("*") if p.is_file()]
    assert shipped
    for path in shipped:
        assert f"/opt/amanat/{path} " in guide, f"{path} is shipped but never installed"


def test_the_guide_links_to_the_operators_other_guides() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for page in ("backup.md", "keys.md", "operations.md"):
        assert f"]({page})" in guide


def test_the_packages_of_the_guide_are_installed_here() -> None:
    """Stands in for ``apt-get install``: the guide's packages are Debian's, and this
    machine (set up by .ci/run) has every one of them."""
    [line] = [c for c in guide_commands() if c.startswith("apt-get install")]
    packages = [word for word in line.split()[2:] if not word.startswith("-")]
    installed = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package} ${db:Status-Status}\n", *packages],
        capture_output=True,
        text=True,
    )
    states = dict(row.split() for row in installed.stdout.splitlines())
    assert states == dict.fromkeys(packages, "installed"), installed.stderr
    # .ci/run installs the same list on a fresh machine.
    ci = re.search(r'^GUIDE_PACKAGES="([^"]*)"', (ROOT / ".ci/run").read_text(), re.M)
    assert ci is not None and ci.group(1).split() == packages


def test_make_runtime_installs_the_runtime_lock() -> None:
    """Stands in for ``make -C /opt/amanat runtime``: what make would run, from nothing
    (``make -n -B``), is the runtime lock and the project, into /opt/amanat/.venv."""
    planned = subprocess.run(
        ["make", "-n", "-B", "-C", str(ROOT), "runtime"], capture_output=True, text=True
    )
    assert planned.returncode == 0, planned.stderr
    steps = planned.stdout.splitlines()
    assert any("pip sync" in step and "requirements-runtime.lock" in step for step in steps)
    assert any("--no-deps" in step and step.endswith(" -e .") for step in steps)
    assert all(".venv/bin/python" in step for step in steps if "pip sync" in step)
    assert "requirements.lock" not in planned.stdout.replace("requirements-runtime.lock", "")


@pytest.mark.parametrize("unit", ["amanat.service"])
def test_the_unit_is_valid_for_systemd(unit: str) -> None:
    """``systemd-analyze verify`` on the shipped unit: every setting known, and its
    hardening there.  (Its paths exist only on a deployed machine, which it names.)"""
    path = ROOT / "deploy" / "systemd" / unit
    text = path.read_text(encoding="utf-8")
    for hardening in ("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes"):
        assert hardening in text
    assert re.search(r"^User=amanat$", text, re.M)
    checked = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(path)], capture_output=True, text=True
    )
    # Unknown settings and bad values are reported as such; a missing program or user
    # (not installed on this machine) is all that may be said.
    problems = [
        line
        for line in checked.stderr.splitlines()
        if line.strip()
        and "/opt/amanat/.venv/bin/amanat" not in line
        and "Failed to resolve user" not in line
        and "Failed to prepare filename" not in line
    ]
    assert problems == []
