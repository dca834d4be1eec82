"""Federation in steady state: how soon a change written on a node is visible at the
peer that follows it, while the node takes a steady stream of writes.

    .venv/bin/python benchmarks/federation_steady.py [--nodes 1] [--rate 50]
        [--seconds 60] [--every 1] [--json FILE]

``--nodes 1``: the two registers of ``benchmarks/federation.py`` (KZ and KG, SQLite,
made with the operator's commands, a task-force group with a member on KG); KZ is
served by a real ``amanat serve --workers 2`` with its feed on, and KG follows it with a
real ``amanat federation pull KZ --every SECONDS``.  ``--nodes N`` (N > 1): a hub and N
national nodes, each made the same way (its task force includes the hub's regional
centre), each served by ``amanat serve --workers 1``, and the hub follows every one of
them with its own ``pull --every`` process, all writing into the hub's one register.

For ``--seconds``, investigators' clients create people marked for the task force
through the nodes' APIs, ``--rate`` writes per second in all (shared out between the
nodes; four connections a node, paced), each write's moment taken when its answer
(``201``, committed) arrives; a watcher reads the receiving register every 50 ms and
notes when each record's copy (by its global id) is there.  The clock starts after each
follower's first pull.

Printed: the writes made and their rate, and the delay from a write's commit on its
node to its copy at the receiver: median, p95 and max, in seconds, with how many
arrived.  Target (issue 18): a change visible at the hub within 5 s at 50 writes/s on the
node; and a hub with 5 nodes.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from federation import AMANAT, PROFILE, amanat, two_nodes

CONNECTIONS = 4


def served(
    kz: Path, key_file: Path, where: Path, port: int, workers: int
) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
    env.update(
        AMANAT_DATABASE_URL=f"sqlite:///{kz}",
        AMANAT_NODE_KEY_FILE=str(key_file),
        AMANAT_SECRET_KEY="steady-state-benchmark-secret",
        AMANAT_SECURE_COOKIES="false",
    )
    command = [AMANAT, "serve", "--port", str(port), "--workers", str(workers)]
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


def follower(
    kg: Path, key_file: Path, where: Path, every: float, peer: str
) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
    env["AMANAT_DATABASE_URL"] = f"sqlite:///{kg}"
    command = [AMANAT, "federation", "pull", peer, "--every", str(every),
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


@dataclass
class Sender:
    """A node that writes: its register, key file, served port, token and group."""

    name: str
    database: Path
    key_file: Path
    port: int
    token: str = ""
    group: int = 0


def _public_key(said: str) -> str:
    return said.split("Public key (give it to the peers): ")[1].split()[0]


def star(where: Path, count: int, port: int) -> tuple[Path, Path, list[Sender]]:
    """A hub and ``count`` nodes around it, each with one record for its task force."""
    hub = where / "HUB.sqlite"
    amanat(hub, where, "init")
    hub_key = _public_key(amanat(hub, where, "node", "init", "HUB", "--key-file",
                                 str(where / "HUB")))  # fmt: skip
    amanat(hub, where, "org", "add", "HUB-RC", "Regional centre", "--kind", "police")
    (where / "person.yaml").write_text(PROFILE)
    senders = []
    for number in range(count):
        name = f"N{number + 1}"
        sender = Sender(name, where / f"{name}.sqlite", where / name, port + number)
        database = sender.database
        amanat(database, where, "init")
        key = _public_key(amanat(database, where, "node", "init", name, "--key-file",
                                 str(sender.key_file)))  # fmt: skip
        amanat(database, where, "node", "add", "HUB", "http://127.0.0.1:1", hub_key)
        home = f"{name}-POL"
        amanat(database, where, "org", "add", home, f"{name} police", "--kind", "police")
        amanat(database, where, "org", "add", "HUB-RC", "Regional centre", "--kind", "police",
               "--node", "HUB")  # fmt: skip
        amanat(database, where, "group", "add", "TASK-FORCE", "--owner", home)
        amanat(database, where, "group", "add-member", "TASK-FORCE", "HUB-RC")
        amanat(database, where, "user", "add", "analyst", "--org", home, "--role",
               "investigator", "--password", "long enough password")  # fmt: skip
        (where / f"{name}.csv").write_text(f"id,full_name\nP1,First Suspect {name}\n")
        amanat(database, where, "import", f"{name}.csv", "--profile", "person.yaml", "--user",
               "analyst", "--distribution", "group", "--group", "TASK-FORCE")  # fmt: skip
        amanat(hub, where, "node", "add", name, f"http://127.0.0.1:{sender.port}", key)
        amanat(hub, where, "org", "add", home, f"{name} police", "--kind", "police",
               "--node", name)  # fmt: skip
        senders.append(sender)
    return hub, where / "HUB", senders


def pair(where: Path, port: int) -> tuple[Path, Path, list[Sender]]:
    """KZ and KG of ``benchmarks/federation.py``, KG following KZ."""
    kz, kg, kz_key = two_nodes(where, 1)
    with sqlite3.connect(kg) as connection:
        connection.execute("UPDATE node SET url = ? WHERE name = 'KZ'",
                           (f"http://127.0.0.1:{port}",))  # fmt: skip
    return kg, where / "KG", [Sender("KZ", kz, kz_key, port)]


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


def write_all(senders: list[Sender], rate: float, seconds: float) -> dict[str, float]:
    """Every node writing its share of ``rate`` at once."""
    written: dict[str, float] = {}
    with ThreadPoolExecutor(len(senders)) as pool:
        shares = [
            pool.submit(
                write_steadily,
                f"http://127.0.0.1:{s.port}",
                s.token,
                s.group,
                rate / len(senders),
                seconds,
            )
            for s in senders
        ]
        for share in shares:
            written.update(share.result())
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--every", type=float, default=1.0)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        if options.nodes == 1:
            receiver, receiver_key, senders = pair(where, options.port)
        else:
            receiver, receiver_key, senders = star(where, options.nodes, options.port)
        for sender in senders:
            said = amanat(sender.database, where, "token", "create", "analyst", "--days", "1")
            sender.token = said.split()[-1]
            with sqlite3.connect(sender.database) as connection:
                sender.group = connection.execute(
                    "SELECT id FROM sharing_group WHERE name = 'TASK-FORCE'"
                ).fetchone()[0]
        workers = 2 if options.nodes == 1 else 1
        processes = [served(s.database, s.key_file, where, s.port, workers) for s in senders]
        followers = [
            follower(receiver, receiver_key, where, options.every, s.name) for s in senders
        ]
        processes += followers
        watcher = Watcher(receiver)
        watcher.start()
        try:
            # Each follower's first pull (its node's one record) before the clock starts.
            while len(watcher.seen) < len(senders):
                if any(f.poll() is not None for f in followers):
                    raise SystemExit("amanat federation pull stopped")
                time.sleep(0.2)
            began = time.monotonic()
            written = write_all(senders, options.rate, options.seconds)
            wrote_for = time.monotonic() - began
            settle = time.monotonic() + 60  # what is still on its way
            while set(written) - set(watcher.seen) and time.monotonic() < settle:
                time.sleep(0.2)
        finally:
            watcher.running = False
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(30)
        watcher.join(5)
    delays = sorted(watcher.seen[g] - t for g, t in written.items() if g in watcher.seen)
    results: dict[str, Any] = {
        "writes": len(written),
        "write_rate": len(written) / wrote_for,
        "arrived": len(delays),
        "nodes": options.nodes,
        "every_s": options.every,
        "median_s": statistics.median(delays) if delays else None,
        "p95_s": delays[int(0.95 * (len(delays) - 1))] if delays else None,
        "max_s": delays[-1] if delays else None,
    }
    print(f"{options.nodes} node(s): {results['writes']} writes at "
          f"{results['write_rate']:.1f}/s for {wrote_for:.0f} s; {results['arrived']} arrived "
          f"(following every {options.every} s)")  # fmt: skip
    if delays:
        print(f"delay from commit on the node to the copy: median {results['median_s']:.2f} s, "
              f"p95 {results['p95_s']:.2f} s, max {results['max_s']:.2f} s")  # fmt: skip
    if options.json:
        options.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
