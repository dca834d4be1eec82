"""A small demo register for the key commands, built once with the command line as an
operator builds one, and copied for each test that changes it."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from amanat.cli.demo import DEMO_SEED
from amanat.demo.region.sealing import demo_master_key

AMANAT = str(Path(sys.executable).parent / "amanat")


@dataclass(frozen=True)
class KeyRegister:
    """A demo register, and the environment of an operator whose master key sealed it."""

    folder: Path
    url: str
    env: dict[str, str]

    def run(self, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [AMANAT, *arguments],
            cwd=self.folder,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=300,
        )

    def ok(self, *arguments: str, **env: str) -> str:
        done = self.run(*arguments, **env)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


def operator_environment(url: str) -> dict[str, str]:
    """Only the settings an operator exports: the register and the demo's master key."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AMANAT_")}
    secret = base64.b64encode(demo_master_key(DEMO_SEED).secret).decode()
    return {**env, "AMANAT_DATABASE_URL": url, "AMANAT_MASTER_KEY": secret, "PYTHONUNBUFFERED": "1"}


@pytest.fixture(scope="session")
def small_demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small-demo")
    path = folder / "demo.sqlite"
    built = KeyRegister(folder, f"sqlite:///{path}", operator_environment(f"sqlite:///{path}"))
    built.ok("init")
    built.ok("demo-data", "--size", "small")
    return path


@pytest.fixture
def key_register(small_demo_file: Path, tmp_path: Path) -> KeyRegister:
    path = tmp_path / "register.sqlite"
    shutil.copyfile(small_demo_file, path)
    url = f"sqlite:///{path}"
    return KeyRegister(tmp_path, url, operator_environment(url))
