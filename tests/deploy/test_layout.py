"""The production layout (docs/deployment.md) served for real: Debian's nginx ending
TLS with the guide's self-signed certificate, in front of ``amanat serve --workers 2``
as the installed unit starts it, on the tests' PostgreSQL.  Signed in over HTTPS as the
first administrator the guide made, it writes and reads through both workers."""

from __future__ import annotations

import itertools
import os
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from tests.cli.test_readme_commands import FORM_TOKEN, assert_signed_in, sign_in
from tests.deploy.conftest import ADMIN_PASSWORD, START_SECONDS, Layout

pytestmark = pytest.mark.slow

NEW_USERS = itertools.count(1)


@pytest.fixture(scope="module")
def admin(layout: Layout) -> Iterator[httpx.Client]:
    """The guide's first administrator, signed in through nginx over HTTPS."""
    with client(layout) as signed:
        assert_signed_in(sign_in(signed, "admin", ADMIN_PASSWORD), "First administrator")
        yield signed


def client(layout: Layout) -> httpx.Client:
    return httpx.Client(base_url=layout.url, verify=layout.tls(), follow_redirects=True, timeout=60)


def test_the_session_cookie_is_secure_behind_tls(admin: httpx.Client) -> None:
    # uvicorn believed nginx's X-Forwarded-Proto: the app saw HTTPS, and said so.
    cookies = list(admin.cookies.jar)
    assert cookies and all(cookie.secure for cookie in cookies)


def add_and_find_user(layout: Layout, cookies: httpx.Cookies) -> str:
    """Through a connection of its own: add a user (a write), then find it (a read)."""
    username = f"clerk-{os.getpid()}-{next(NEW_USERS)}"
    with client(layout) as fresh:
        fresh.cookies = cookies
        form = fresh.get("/admin/users")
        token = FORM_TOKEN.search(form.text)
        assert token is not None, form.text[-2000:]
        fields = {
            "form_token": token.group(1),
            "username": username,
            "display_name": f"Clerk {username}",
            "role": "investigator",
            "password": "clerk-password-123",
            "language": "en",
        }
        added = fresh.post("/admin/users", data=fields)
        assert added.status_code == 200 and added.url.path == "/admin/users", added.text[-2000:]
    with client(layout) as fresh:
        fresh.cookies = cookies
        found = fresh.get("/admin/users", params={"q": username})
        assert found.status_code == 200 and username in found.text
    return username


def test_both_workers_write_and_read(layout: Layout, admin: httpx.Client) -> None:
    """Rounds of writes and reads on new connections until each worker has taken
    connections from nginx: every answer right, so each knows the session and the
    form tokens the other made (one AMANAT_SECRET_KEY), and reads what it wrote."""
    served: dict[int, bool] = {}
    deadline = time.monotonic() + START_SECONDS
    with ThreadPoolExecutor(4) as pool:
        while time.monotonic() < deadline:
            added = list(pool.map(lambda _: add_and_find_user(layout, admin.cookies), range(4)))
            assert len(set(added)) == 4
            # uvicorn replaces a worker that stops answering: look them up anew.
            for pid in workers(layout):
                served[pid] = served.get(pid, False) or bool(accepted(pid, layout.app_port))
            if len(served) >= 2 and all(served.values()):
                break
    assert len(served) >= 2 and all(served.values()), served


def workers(layout: Layout) -> set[int]:
    """uvicorn's worker processes: the children of ``amanat serve`` that it spawned."""
    assert layout.serve is not None
    parent = layout.serve.pid
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        if ppid == parent and b"spawn_main" in command:
            found.add(int(stat.parent.name))
    return found


def accepted(pid: int, port: int) -> set[int]:
    """The remote ports of the connections the process ``pid`` accepted on ``port``
    and holds open (nginx keeps its connections to the workers open between
    requests; it opens one only to send a request)."""
    try:
        links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
    except OSError:
        return set()
    inodes = {link[8:-1] for link in links if link.startswith("socket:[")}
    remote = set()
    for row in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = row.split()
        established = fields[3] == "01"
        if established and fields[9] in inodes and int(fields[1].split(":")[1], 16) == port:
            remote.add(int(fields[2].split(":")[1], 16))
    return remote


def test_every_answer_has_the_security_headers(layout: Layout, admin: httpx.Client) -> None:
    for path in ("/", "/admin/users", "/api/v1/health", "/login"):
        headers = admin.get(path).headers
        assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-store"
        assert "server" not in headers or "nginx/" not in headers["server"]  # no version


def test_plain_http_moves_to_https(layout: Layout) -> None:
    answer = httpx.get(f"http://localhost:{layout.http_port}/search?q=x", follow_redirects=False)
    assert answer.status_code == 301
    # To the standard HTTPS port of the same name (the test's listens elsewhere).
    assert answer.headers["location"] == "https://localhost/search?q=x"


def test_the_access_log_has_no_query_strings(layout: Layout, admin: httpx.Client) -> None:
    admin.get("/search", params={"q": "Zarina Tokhtarova"})
    log = (layout.root / "var/log/nginx/amanat.access.log").read_text(encoding="utf-8")
    assert '"GET /search"' in log
    assert "Zarina" not in log and "?" not in log


def test_a_body_over_the_limit_is_refused_by_nginx(layout: Layout) -> None:
    """201 MiB (an import's 200 and the form around it) is the most nginx passes on."""
    context = layout.tls()
    with socket.create_connection(("127.0.0.1", layout.https_port), timeout=30) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            announced = 201 * 1024 * 1024 + 1
            tls.sendall(
                f"POST /import HTTP/1.1\r\nHost: localhost\r\n"
                f"Content-Length: {announced}\r\n\r\n".encode()
            )
            status_line = tls.recv(200).split(b"\r\n", 1)[0]
    assert status_line == b"HTTP/1.1 413 Request Entity Too Large"
