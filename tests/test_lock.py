"""The lock files pin what pyproject.toml asks for, and this environment is the lock's.

``make`` installs ``requirements.lock`` (``make lock`` writes it); a dependency added to
pyproject.toml without ``make lock``, or a package upgraded by hand, fails here.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;]+)", re.MULTILINE)
LOCKS = {
    "requirements.lock": ("dev",),
    "requirements-runtime.lock": (),
    "requirements-bench.lock": ("dev", "bench"),
}


def pins(lock: str) -> dict[str, Version]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name): Version(pinned) for name, pinned in PIN.findall(text)}


def requirements(extras: tuple[str, ...]) -> list[Requirement]:
    wanted = [*PROJECT["dependencies"]]
    for extra in extras:
        wanted += PROJECT["optional-dependencies"][extra]
    found = [Requirement(text) for text in wanted]
    return [req for req in found if req.marker is None or req.marker.evaluate()]


@pytest.mark.parametrize(("lock", "extras"), LOCKS.items())
def test_the_lock_pins_every_dependency_at_an_allowed_version(
    lock: str, extras: tuple[str, ...]
) -> None:
    pinned = pins(lock)
    for req in requirements(extras):
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is not in {lock}: run `make lock`"
        assert req.specifier.contains(pinned[name], prereleases=True), (
            f"{lock} pins {req.name} {pinned[name]}, pyproject.toml asks {req}: run `make lock`"
        )


def test_this_environment_has_the_locked_versions() -> None:
    wrong = {}
    for name, pinned in pins("requirements.lock").items():
        try:
            installed = Version(version(name))
        except PackageNotFoundError:
            installed = None
        if installed != pinned:
            wrong[name] = f"{installed} installed, {pinned} locked"
    assert wrong == {}, "run `make venv` (it installs requirements.lock)"


def test_the_runtime_lock_is_the_full_locks_pins_without_the_tools() -> None:
    """``make demo`` and a deployment install the runtime lock; ``make test`` the full
    one over it: the same version of every package the two share."""
    runtime, full = pins("requirements-runtime.lock"), pins("requirements.lock")
    assert {name: full.get(name) for name in runtime} == runtime
    for tool in ("pytest", "playwright", "pyspark", "ruff", "schemathesis"):
        assert tool in full and tool not in runtime
