"""Federation in steady state: how soon a change written on a node is visible at the
peer that follows it, while the node takes a steady stream of writes.

    .venv/bin/python benchmarks/federation_steady.py [--rate 50] [--seconds 60]
        [--every 1] [--json FILE]

The two registers of ``benchmarks/federation.py`` (KZ and KG, SQLite, made with the
operator's commands, a task-force group with a member on KG).  KZ is served by a real
``amanat serve --workers 2`` with its feed on; KG follows it with a real ``amanat
federation pull KZ --every SECONDS`` (the way a hub follows its nodes).  For
``--seconds``, investigators' clients create people marked for the task force through
KZ's API at ``--rate`` writes per second (four connections, paced), each write's
moment taken when its answer (``201``, committed) arrives; a watcher reads KG's register
every 50 ms and notes when each record's copy (by its global id) is there.

Printed: the writes made and their rate, and the delay from a write's commit at KZ to
its copy at KG: median, p95 and max, in seconds, with how many arrived.  Target
(issue 18): a change visible at the hub within 5 s at 50 writes/s on the node.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from federation import AMANAT, amanat, two_nodes

CONNECTIONS = 4


def served(kz: Path, key_file: Path, where: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
    env.update(
        AMANAT_DATABASE_URL=f"sqlite:///{kz}",
        AMANAT_NODE_KEY_FILE=str(key_file),
        AMANAT_SECRET_KEY="steady-state-benchmark-secret",
        AMANAT_SECURE_COOKIES="false",
    )
    command = [AMANAT, "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, cwd=where, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health/ready").status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("amanat serve did not become ready")


def follower(kg: Path, key_file: Path, where: Path, every: float) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
    env["AMANAT_DATABASE_URL"] = f"sqlite:///{kg}"
    command = [AMANAT, "federation", "pull", "KZ", "--every", str(every),
               "--key-file", str(key_file)]  # fmt: skip
    return subprocess.Popen(command, cwd=where, env=env, stdout=subprocess.DEVNULL)


class Watcher(threading.Thread):
    """When each copy first appears in KG's register (by global id)."""

    def __init__(self, kg: Path) -> None:
        super().__init__(daemon=True)
        self.kg, self.seen, self.running = kg, dict[str, float](), True

    def run(self) -> None:
        connection = sqlite3.connect(f"file:{self.kg}?mode=ro", uri=True, timeout=30)
        last = 0
        while self.running:
            rows = connection.execute(
                "SELECT id, global_id FROM person WHERE origin_node_id IS NOT NULL AND id > ?",
                (last,),
            ).fetchall()
            now = time.monotonic()
            for row_id, global_id in rows:
                self.seen.setdefault(global_id, now)
                last = max(last, row_id)
            connection.rollback()  # a fresh snapshot on the next read
            time.sleep(0.05)
        connection.close()


def write_steadily(
    url: str, token: str, group: int, rate: float, seconds: float
) -> dict[str, float]:
    """Global id -> the moment its create was answered (committed), at ``rate``/s."""
    written: dict[str, float] = {}
    headers = {"Authorization": f"Bearer {token}"}
    clients = [httpx.Client(base_url=url, headers=headers, timeout=60) for _ in range(CONNECTIONS)]

    def create(number: int) -> None:
        body = {"names": [{"full_name": f"Steady Suspect {number} Benchmarkov"}],
                "sex": "male", "tlp": "AMBER", "distribution": "group",
                "sharing_group_id": group}  # fmt: skip
        answer = clients[number % CONNECTIONS].post("/api/v1/people", json=body)
        if answer.status_code != 201:
            raise SystemExit(f"write refused: {answer.status_code} {answer.text[:300]}")
        written[answer.json()["global_id"]] = time.monotonic()

    start = time.monotonic()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        futures = []
        number = 0
        while (now := time.monotonic()) - start < seconds:
            due = start + number / rate
            if now < due:
                time.sleep(due - now)
            futures.append(pool.submit(create, number))
            number += 1
        for future in futures:
            future.result()
    for client in clients:
        client.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--every", type=float, default=1.0)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        kz, kg, kz_key = two_nodes(where, 1)
        said = amanat(kz, where, "token", "create", "analyst", "--days", "1")
        token = said.split()[-1]
        group = (
            sqlite3.connect(kz)
            .execute("SELECT id FROM sharing_group WHERE name = 'TASK-FORCE'")
            .fetchone()[0]
        )
        url = f"http://127.0.0.1:{options.port}"
        with sqlite3.connect(kg) as connection:
            connection.execute("UPDATE node SET url = ? WHERE name = 'KZ'", (url,))
        server = served(kz, kz_key, where, options.port)
        pulling = follower(kg, where / "KG", where, options.every)
        watcher = Watcher(kg)
        watcher.start()
        try:
            # The follower's first pull (KZ's one record) before the clock starts.
            while not watcher.seen:
                if pulling.poll() is not None:
                    raise SystemExit("amanat federation pull stopped")
                time.sleep(0.2)
            began = time.monotonic()
            written = write_steadily(url, token, group, options.rate, options.seconds)
            wrote_for = time.monotonic() - began
            settle = time.monotonic() + 60  # what is still on its way
            while set(written) - set(watcher.seen) and time.monotonic() < settle:
                time.sleep(0.2)
        finally:
            watcher.running = False
            pulling.terminate()
            server.terminate()
            pulling.wait(30)
            server.wait(30)
        watcher.join(5)
    delays = sorted(watcher.seen[g] - t for g, t in written.items() if g in watcher.seen)
    results: dict[str, Any] = {
        "writes": len(written),
        "write_rate": len(written) / wrote_for,
        "arrived": len(delays),
        "every_s": options.every,
        "median_s": statistics.median(delays) if delays else None,
        "p95_s": delays[int(0.95 * (len(delays) - 1))] if delays else None,
        "max_s": delays[-1] if delays else None,
    }
    print(f"{results['writes']} writes at {results['write_rate']:.1f}/s for {wrote_for:.0f} s; "
          f"{results['arrived']} arrived at KG (following every {options.every} s)")  # fmt: skip
    if delays:
        print(f"delay from commit at KZ to the copy at KG: median {results['median_s']:.2f} s, "
              f"p95 {results['p95_s']:.2f} s, max {results['max_s']:.2f} s")  # fmt: skip
    if options.json:
        options.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
