"""A throwaway PostgreSQL server in a temporary folder (initdb + pg_ctl).

Used by the test suite and the benchmarks so that the PostgreSQL runs use a real
server, never a mock.  PostgreSQL refuses to run as root, so as root the server
runs as the ``postgres`` system user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SEARCH_DIRS = (
    "/usr/lib/postgresql/17/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/15/bin",
)


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries, or the server would not start."""


def find_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in SEARCH_DIRS:
        candidate = Path(folder, name)
        if candidate.exists():
            return str(candidate)
    raise PostgresUnavailable(f"{name} not found; install the PostgreSQL server (postgresql)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(args: list[str], as_user: str | None) -> None:
    if as_user:
        args = ["runuser", "-u", as_user, "--", *args]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PostgresUnavailable(f"{' '.join(args)} failed: {result.stderr.strip()}")


@dataclass(frozen=True)
class PostgresServer:
    """A running private server: its URL, and how to stop and start it again (for the
    tests of what the service does while its database is away)."""

    url: str
    data: Path
    options: str
    log: Path
    as_user: str | None

    def stop(self, mode: str = "fast") -> None:
        _run([find_binary("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"], self.as_user)

    def start(self) -> None:
        pg_ctl = find_binary("pg_ctl")
        command = [pg_ctl, "-D", str(self.data), "-o", self.options, "-l", str(self.log)]
        _run([*command, "-w", "start"], self.as_user)


@contextmanager
def temporary_postgres(database: str = "amanat", settings: Sequence[str] = ()) -> Iterator[str]:
    """Start a private server; yield its SQLAlchemy URL; stop and delete it after.

    ``settings`` are extra server settings (``name=value``), e.g. for a benchmark
    that wants ``shared_preload_libraries=pg_stat_statements``."""
    with temporary_postgres_server(database, settings) as server:
        yield server.url


@contextmanager
def temporary_postgres_server(
    database: str = "amanat", settings: Sequence[str] = ()
) -> Iterator[PostgresServer]:
    """``temporary_postgres``, yielding the server rather than only its URL."""
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    as_user = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="amanat-pg-"))
    data, sockets = root / "data", root / "run"
    sockets.mkdir()
    if as_user:
        shutil.chown(root, as_user)
        shutil.chown(sockets, as_user)
    port = _free_port()
    try:
        _run(
            [
                initdb,
                "-D",
                str(data),
                "-U",
                "amanat",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            as_user,
        )
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB "
            "-c max_connections=200"
        ) + "".join(f" -c {setting}" for setting in settings)
        server = PostgresServer(
            f"postgresql+psycopg://amanat@127.0.0.1:{port}/{database}",
            data,
            options,
            root / "log",
            as_user,
        )
        server.start()
        _run(
            [find_binary("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "amanat", database],
            as_user,
        )
        yield server
    finally:
        if (data / "postmaster.pid").exists():
            _run([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], as_user)
        shutil.rmtree(root, ignore_errors=True)
