"""docs/operations.md as an operator runs it: every ``sh`` block, in order, in a shell,
against ``amanat serve --workers 2`` on PostgreSQL — and the two workers' metrics
read as one service's."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import Engine
from tests.cli.test_readme_commands import AMANAT, free_port, user_environment
from tests.service.test_probes import metric

pytestmark = pytest.mark.slow

DOC = Path(__file__).parents[2] / "docs" / "operations.md"
BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)
TOKEN = "metrics-token-of-the-operations-doc"
# Two workers starting on a busy two-core machine (each imports the command line).
START_SECONDS = 300.0


def blocks() -> list[str]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def shell(script: str, env: dict[str, str], port: int) -> subprocess.CompletedProcess[str]:
    script = script.replace("127.0.0.1:8000", f"127.0.0.1:{port}").replace(
        "--port 8000", f"--port {port}"
    )
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def counted_in(tmp_path: Path) -> Path:
    """The operator's PROMETHEUS_MULTIPROC_DIR, with a file left by an earlier run
    (unreadable: counted, it would break every scrape)."""
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_999999.db").write_bytes(b"left by an earlier run")
    return folder


@pytest.fixture
def operator(
    engine: Engine, postgres_url: str, tmp_path: Path, counted_in: Path
) -> Iterator[tuple[dict[str, str], int]]:
    """The doc's environment file, the serve block running in the background."""
    env = user_environment(
        AMANAT_DATABASE_URL=postgres_url,
        AMANAT_SECRET_KEY="the-session-key-of-the-operations-doc",
        AMANAT_METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(counted_in),
        PATH=f"{Path(AMANAT).parent}:{os.environ['PATH']}",
    )
    [serve] = [block for block in blocks() if block.strip().startswith("amanat serve")]
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    script = serve.replace("--port 8000", f"--port {port}")
    process = subprocess.Popen(
        ["bash", "-c", f"exec {script}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health/ready").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        yield env, port
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_every_block_of_the_operations_doc_runs(
    operator: tuple[dict[str, str], int], counted_in: Path, tmp_path: Path
) -> None:
    env, port = operator
    ran = 0
    for block in blocks():
        if block.strip().startswith("amanat serve"):
            continue  # running: the fixture started it
        done = shell(block, env, port)
        assert done.returncode == 0, f"{block}\n{done.stdout}\n{done.stderr}"
        ran += 1
        if block.startswith("python3"):
            assert len(done.stdout.strip()) >= 40  # a key of 32 random bytes
        if "/metrics" in block:
            assert 'route="/health/live"' in done.stdout
    assert ran == 3
    # New connections until both workers have answered some: each counts in a file of
    # its own in the folder (the stale one is gone).
    url = f"http://127.0.0.1:{port}"
    asked = 0
    deadline = time.monotonic() + START_SECONDS
    while min(per_worker(counted_in, tmp_path), default=0) == 0:
        assert time.monotonic() < deadline, per_worker(counted_in, tmp_path)
        for _ in range(10):
            assert httpx.get(f"{url}/health/live").status_code == 200
            asked += 1
    assert len(per_worker(counted_in, tmp_path)) == 2
    # Every scrape, whichever worker answers it, has every request: the doc's and ours.
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for _ in range(6):
        scrape = httpx.get(f"{url}/metrics", headers=auth)
        assert scrape.status_code == 200
        assert metric(scrape.text, "amanat_http_requests_total", **LIVE) == asked + 1
    assert httpx.get(f"{url}/metrics").status_code == 401


LIVE = {"method": "GET", "route": "/health/live", "status": "200"}


def per_worker(folder: Path, scratch: Path) -> list[float]:
    """Each worker's own count of /health/live, read from its file alone."""
    counts = []
    for number, counted in enumerate(sorted(folder.glob("counter_*.db"))):
        alone = scratch / f"worker-{number}"
        shutil.rmtree(alone, ignore_errors=True)
        alone.mkdir()
        shutil.copyfile(counted, alone / counted.name)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(alone))
        counts.append(
            metric(generate_latest(registry).decode(), "amanat_http_requests_total", **LIVE)
        )
    return counts
