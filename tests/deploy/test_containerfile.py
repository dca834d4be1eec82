"""The Containerfile: read always; built and run only where a container engine works
(podman or docker answering ``info``), which the issue asks and nothing else needs."""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest
from tests.deploy.conftest import ROOT, START_SECONDS, free_port

CONTAINERFILE = ROOT / "Containerfile"


def engine() -> str | None:
    for name in ("podman", "docker"):
        found = shutil.which(name)
        if found and subprocess.run([found, "info"], capture_output=True).returncode == 0:
            return found
    return None


def test_the_image_is_debian_slim_with_python_3_11_and_the_runtime_lock() -> None:
    text = CONTAINERFILE.read_text(encoding="utf-8")
    bases = re.findall(r"^FROM (\S+)", text, re.M)
    assert bases and all(base.endswith("python:3.11-slim-bookworm") for base in bases)
    assert "-r requirements-runtime.lock" in text
    assert "requirements.lock" not in text.replace("requirements-runtime.lock", "")


def test_the_image_runs_as_a_user_without_privileges() -> None:
    users = re.findall(r"^USER (\S+)", CONTAINERFILE.read_text(encoding="utf-8"), re.M)
    assert users and users[-1] not in {"root", "0"}


def test_the_build_context_leaves_out_the_environments() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert ignored[1] == "*"  # after its comment: nothing unless named
    copied = re.findall(r"^COPY (?!--from)(.+) \S+$", CONTAINERFILE.read_text(), re.M)
    for sources in copied:
        for source in sources.split():
            assert f"!{source}" in ignored


@pytest.fixture(scope="module")
def container() -> Iterator[str]:
    found = engine()
    if found is None:
        pytest.skip("no container engine works here (podman or docker `info`)")
    tag = "amanat-test:latest"
    built = subprocess.run(
        [found, "build", "-t", tag, "-f", str(CONTAINERFILE), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert built.returncode == 0, built.stderr[-4000:]
    port = free_port()
    settings = {
        "AMANAT_DATABASE_URL": "sqlite:////var/lib/amanat/amanat.sqlite",
        "AMANAT_SECRET_KEY": secrets.token_urlsafe(32),
        "AMANAT_SECURE_COOKIES": "false",  # plain HTTP to the test, no proxy
    }
    env = [arg for name, value in settings.items() for arg in ("-e", f"{name}={value}")]
    started = subprocess.run(
        [found, "run", "-d", "--rm", "-p", f"127.0.0.1:{port}:8000", *env, tag],
        capture_output=True,
        text=True,
    )
    assert started.returncode == 0, started.stderr
    name = started.stdout.strip()
    try:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(1)
        else:
            logs = subprocess.run([found, "logs", name], capture_output=True, text=True)
            pytest.fail(f"the container does not serve:\n{logs.stdout}{logs.stderr}")
        yield name
    finally:
        subprocess.run([found, "stop", name], capture_output=True)


def test_the_container_serves_as_its_own_user(container: str) -> None:
    found = engine()
    assert found is not None
    uid = subprocess.run([found, "exec", container, "id", "-u"], capture_output=True, text=True)
    assert uid.stdout.strip() not in {"", "0"}
