"""The README's commands run as a user runs them: the installed ``amanat`` in an empty
folder, with the environment a user has, then signing in through the login form.

- ``amanat demo`` builds the small demo (a minute or two, once for this module) and
  every role's demo login reaches its start page;
- ``amanat serve --database URL`` serves the register it is given, in one worker
  process and in two.

No ``./amanat.sqlite`` may appear: that is the default database, which a server that
lost the URL it was given would open instead.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from amanat.access.roles import Role
from amanat.demo.users import DEMO_PASSWORD

pytestmark = pytest.mark.slow

AMANAT = str(Path(sys.executable).parent / "amanat")
DEFAULT_DATABASE = "amanat.sqlite"
DEMO_BUILD_SECONDS = 900.0  # the small demo on a busy two-core machine, with margin
START_SECONDS = 120.0
LOGIN_ROW = re.compile(r"│\s*([a-z0-9-]+\.([a-z_]+))\s*│\s*([A-Z0-9-]+)\s*│")
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def user_environment(**settings: str) -> dict[str, str]:
    """The environment of a user's shell: none of the tests' own AMANAT_ variables,
    only the settings given (as a user following the README would export them)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AMANAT_")}
    return {**env, **settings}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _wait_until_serving(server: Server, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"the server exited ({server.process.returncode}):\n{server.output()}")
        try:
            if httpx.get(f"{server.url}/api/v1/health", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(f"not serving after {seconds:.0f} s:\n{server.output()}")


@contextmanager
def serving(
    arguments: list[str], folder: Path, env: dict[str, str], wait: float
) -> Iterator[Server]:
    """``amanat ARGUMENTS`` started in ``folder``, until it answers; stopped after."""
    port = free_port()
    log = folder.parent / f"{folder.name}.log"  # beside the folder: it stays as the user's
    with log.open("wb") as out:
        process = subprocess.Popen(
            [AMANAT, *arguments, "--port", str(port)],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers in its own group, to stop them all
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_until_serving(server, wait)
        yield server
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl+C, as a user stops it
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def sign_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    """The login form as a browser fills it: its form token, then the redirect."""
    form = client.get("/login")
    assert form.status_code == 200, form.text
    token = FORM_TOKEN.search(form.text)
    assert token is not None, form.text
    fields = {"username": username, "password": password, "form_token": token.group(1)}
    return client.post("/login", data={**fields, "next": "/"})


def assert_signed_in(page: httpx.Response, display_name: str) -> None:
    assert page.status_code == 200, page.text[-2000:]
    assert page.url.path == "/"
    assert 'action="/logout"' in page.text  # the page of someone signed in
    assert display_name in page.text


def amanat(*arguments: str, folder: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [AMANAT, *arguments], cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


# -- `make demo`: `amanat demo` ----------------------------------------------------------


@dataclass(frozen=True)
class Demo:
    server: Server
    folder: Path
    logins: dict[str, tuple[str, str]]  # role -> (username, organisation code)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    folder = tmp_path_factory.mktemp("demo-user")
    with serving(["demo"], folder, user_environment(), DEMO_BUILD_SECONDS) as server:
        logins: dict[str, tuple[str, str]] = {}
        for username, role, organisation in LOGIN_ROW.findall(server.output()):
            logins.setdefault(role, (username, organisation))
        yield Demo(server, folder, logins)


def test_the_demo_prints_a_login_for_every_role(demo: Demo) -> None:
    assert set(demo.logins) == {role.value for role in Role}


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_every_demo_role_signs_in_to_its_start_page(demo: Demo, role: str) -> None:
    username, organisation = demo.logins[role]
    with httpx.Client(base_url=demo.server.url, follow_redirects=True, timeout=60) as client:
        page = sign_in(client, username, DEMO_PASSWORD)
        assert_signed_in(page, f"{organisation} {role.replace('_', ' ')}")


def test_the_demo_serves_its_own_database(demo: Demo) -> None:
    assert (demo.folder / "var" / "demo.sqlite").is_file()
    assert not (demo.folder / DEFAULT_DATABASE).exists()


# -- `amanat serve --database URL` -------------------------------------------------------


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A register made with the commands, in a folder of its own: one organisation
    and one analyst, ``aida`` (password ``aida-password-1``)."""
    folder = tmp_path / "registers"
    folder.mkdir()
    path = folder / "register.sqlite"
    database = ["--database", f"sqlite:///{path}"]
    env = user_environment()
    amanat("init", *database, folder=folder, env=env)
    amanat(
        "org",
        "add",
        "KZ-TEST",
        "Test police",
        "--kind",
        "police",
        *database,
        folder=folder,
        env=env,
    )
    user = ["aida", "--org", "KZ-TEST", "--role", "analyst", "--name", "Aida Served"]
    amanat("user", "add", *user, "--password", "aida-password-1", *database, folder=folder, env=env)
    return path


def _empty_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def _serve(register: Path, workers: int) -> list[str]:
    return ["serve", "--database", f"sqlite:///{register}", "--workers", str(workers)]


# A browser on plain HTTP never sends back a cookie marked secure; on localhost a user
# turns them off, as the README says.
PLAIN_HTTP = {"AMANAT_SECURE_COOKIES": "false"}


def test_serve_serves_the_database_it_is_given(register: Path, tmp_path: Path) -> None:
    folder = _empty_folder(tmp_path)
    env = user_environment(**PLAIN_HTTP)
    with serving(_serve(register, 1), folder, env, START_SECONDS) as server:
        with httpx.Client(base_url=server.url, follow_redirects=True, timeout=60) as client:
            assert_signed_in(sign_in(client, "aida", "aida-password-1"), "Aida Served")
        assert _open_databases(server.process.pid) == {register.resolve()}
    assert list(folder.iterdir()) == []


def test_every_worker_serves_the_database_it_is_given(register: Path, tmp_path: Path) -> None:
    folder = _empty_folder(tmp_path)
    # Several workers share one session key, which the README says to set.
    env = user_environment(**PLAIN_HTTP, AMANAT_SECRET_KEY="one-key-for-every-worker")
    with serving(_serve(register, 2), folder, env, START_SECONDS) as server:
        with httpx.Client(base_url=server.url, follow_redirects=True, timeout=60) as client:
            assert_signed_in(sign_in(client, "aida", "aida-password-1"), "Aida Served")
            cookies = client.cookies
        # New connections until both workers have answered one: each must know the
        # session (one session key for both) and read the named register.  uvicorn
        # replaces a worker that stops answering its pings, so they are looked up anew.
        # On a loaded machine one worker may take every connection for a while: keep
        # asking, up to the start-up allowance, until both have served one.
        serving_register: dict[int, set[Path]] = {}
        deadline = time.monotonic() + START_SECONDS
        with ThreadPoolExecutor(4) as pool:
            while time.monotonic() < deadline:
                pages = pool.map(lambda _: _fresh_get(server.url, cookies), range(8))
                for page in pages:
                    assert_signed_in(page, "Aida Served")
                serving_register = {
                    pid: _open_databases(pid) for pid in _workers(server.process.pid)
                }
                if len(serving_register) == 2 and all(serving_register.values()):
                    break
        assert list(serving_register.values()) == [{register.resolve()}] * 2
    assert list(folder.iterdir()) == []


def _fresh_get(url: str, cookies: httpx.Cookies) -> httpx.Response:
    with httpx.Client(base_url=url, cookies=cookies, follow_redirects=True, timeout=60) as client:
        return client.get("/")


def _workers(pid: int) -> set[int]:
    """uvicorn's worker processes: the children of ``pid`` that multiprocessing spawned."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        if parent == pid and b"spawn_main" in command:
            found.add(int(stat.parent.name))
    return found


def _open_databases(pid: int) -> set[Path]:
    """The SQLite files the process ``pid`` has open (its journals aside)."""
    opened: set[Path] = set()
    try:
        descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
    except FileNotFoundError:  # the process ended
        return opened
    for fd in descriptors:
        try:
            target = Path(os.readlink(fd)).resolve()
        except OSError:
            continue
        if target.suffix == ".sqlite":
            opened.add(target)
    return opened
