"""The production layout of docs/deployment.md, started for real on loopback.

``layout`` (once per session) runs the guide's commands in order, as the guide writes
them, against a folder that stands for the machine's root: the shipped files of
``deploy/`` are installed from the checkout, the keys, the certificate and the
environment file are made by the guide's own commands, the register and its first
administrator by ``amanat-admin``.  Then it starts what systemd and nginx would:
the installed unit's ``ExecStartPre`` and ``ExecStart`` (two workers) with its
environment file, and Debian's nginx with the installed site, on free high ports.

What the test changes is only what a test must, each change checked to apply (so a
changed file fails here instead of drifting): the root folder in place of ``/``,
its own ports, ``localhost`` as the server's name, and the database on the tests'
PostgreSQL server.  The guide's commands that only a real machine's root can run
(``apt-get``, ``adduser``, ``systemctl``) are listed in ``STOOD_IN`` with what the
test does in their place; every other command runs.

nginx or PostgreSQL that cannot start fails the tests; they never skip.
"""

from __future__ import annotations

import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deployment.md"
AMANAT = str(Path(sys.executable).parent / "amanat")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Generous: a loaded two-core machine took 100 s to start two workers.
START_SECONDS = 300.0
# The tests' PostgreSQL superuser may be called amanat: the guide's role and database
# take another name here.
ROLE = "amanat_service"
ADMIN_PASSWORD = "first-admin-password-1"
SERVER_NAME = "localhost"

# The guide's commands that need a real machine's root, and what stands in for each.
STOOD_IN: dict[str, str] = {
    "SERVER_NAME=amanat.example.org": f"the test's server is {SERVER_NAME}",
    "apt-get update": "the machine's package lists (.ci/run updates them)",
    "apt-get install": "test_the_packages_of_the_guide_are_installed_here",
    "adduser --system": "the test runs every command as its own user (AMANAT_USER)",
    "git clone": "the checkout under test is /opt/amanat",
    "make -C /opt/amanat runtime": "test_make_runtime_installs_the_runtime_lock",
    "systemctl daemon-reload": "the layout reads the installed unit itself",
    "systemctl enable --now amanat": "the layout runs the unit's ExecStartPre and ExecStart",
    "systemctl reload nginx": "the layout starts nginx on the installed site",
    "git -C /opt/amanat pull": "the checkout under test is the update",
    "systemctl restart amanat": "the layout runs the unit's ExecStartPre and ExecStart",
}


DEBIAN_FOLDERS = (
    "etc/nginx/sites-available",
    "etc/nginx/sites-enabled",
    "etc/systemd/system",
    "etc/ssl",
    "usr/local/sbin",
    "var/lib/amanat",
    "var/log/nginx",
)


def guide_commands() -> list[str]:
    """Every command line of the guide's ``sh`` blocks, in order."""
    blocks = re.findall(r"^```sh\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), re.S | re.M)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def stood_in(command: str) -> str | None:
    return next((why for start, why in STOOD_IN.items() if command.startswith(start)), None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def replaced(text: str, old: str, new: str, count: int) -> str:
    """``text`` with ``old`` made ``new``, which must occur exactly ``count`` times."""
    found = text.count(old)
    assert found == count, f"expected {old!r} {count} time(s), found {found}: did it change?"
    return text.replace(old, new)


@dataclass
class Layout:
    root: Path  # stands for /
    https_port: int
    http_port: int
    app_port: int
    postgres_url: str  # the tests' server, as its superuser
    ran: list[str] = field(default_factory=list)
    serve: subprocess.Popen[bytes] | None = None  # amanat serve, as systemd runs it
    nginx: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://{SERVER_NAME}:{self.https_port}"

    @property
    def certificate(self) -> Path:
        return self.root / "etc/ssl/amanat/fullchain.pem"

    def tls(self) -> ssl.SSLContext:
        """Trusting the guide's self-signed certificate, and nothing else."""
        return ssl.create_default_context(cafile=str(self.certificate))

    def path(self, text: str) -> str:
        """The guide's absolute paths, under the root that stands for ``/``."""
        mapped = {
            "/opt/amanat/.venv/bin/amanat": AMANAT,
            "/opt/amanat/": f"{ROOT}/",
            "/usr/local/sbin/": f"{self.root}/usr/local/sbin/",
            "/etc/": f"{self.root}/etc/",
            "/var/": f"{self.root}/var/",
        }
        pattern = re.compile("|".join(re.escape(p) for p in sorted(mapped, key=len, reverse=True)))
        return pattern.sub(lambda m: mapped[m.group(0)], text)

    def environment(self) -> dict[str, str]:
        server = make_url(self.postgres_url)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
        return {
            **env,
            "PATH": f"{self.root}/usr/local/sbin:{env.get('PATH', '')}:/usr/sbin",
            "SERVER_NAME": SERVER_NAME,
            "AMANAT_ENV_FILE": f"{self.root}/etc/amanat/amanat.env",
            "AMANAT_BIN": AMANAT,
            "AMANAT_USER": pwd.getpwuid(os.geteuid()).pw_name,
            "AMANAT_STATE_DIR": f"{self.root}/var/lib/amanat",
            "PGHOST": server.host or "",
            "PGPORT": str(server.port or 5432),
            "PGUSER": server.username or "",
            "PGPASSWORD": server.password or "",
        }

    def command(self, line: str) -> str:
        """The guide's ``line`` as this test runs it."""
        line = re.sub(r"^runuser -u \S+ -- ", "", line)  # every command as the test's user
        line = re.sub(r" -o \S+ -g \S+", "", line)  # install: no such owners here
        line = self.path(line)
        if line.startswith(("createuser", "createdb")):
            line = re.sub(r"\bamanat\b", ROLE, line)
        if line.startswith("nginx -t"):
            line = self.nginx_command("-t")
        if line.startswith("curl"):
            line = replaced(line, "https://$SERVER_NAME/", f"{self.url}/", 1)
            line = f"curl --cacert {self.certificate}{line[len('curl') :]}"
        return line

    def run(self, line: str) -> None:
        """Run the guide's ``line`` here, after what must come before it."""
        if line.startswith("nginx -t"):
            self.prepare_nginx()
        stdin = f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n" if " user add " in line else None
        done = subprocess.run(
            ["sh", "-c", self.command(line)],
            input=stdin,
            env=self.environment(),
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=300,
            start_new_session=True,  # no terminal: a password prompt reads stdin
        )
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        self.ran.append(line)
        if "amanat.env /etc/amanat/amanat.env" in line:
            self.use_test_database()

    def use_test_database(self) -> None:
        """The key files under the root that stands for ``/``; the guide's database is
        local over the Unix socket, here it is the tests' server, as the role the guide
        made, in the database it owns."""
        env_file = self.root / "etc/amanat/amanat.env"
        url = make_url(self.postgres_url).set(username=ROLE, password=None, database=ROLE)
        text = replaced(
            env_file.read_text(encoding="utf-8"),
            "AMANAT_DATABASE_URL=postgresql+psycopg://amanat@/amanat?host=/var/run/postgresql",
            f"AMANAT_DATABASE_URL={url.render_as_string(hide_password=False)}",
            1,
        )
        text = self.path(text)
        env_file.write_text(text, encoding="utf-8")

    # -- nginx ----------------------------------------------------------------------

    def nginx_command(self, *extra: str) -> str:
        conf, log = self.root / "etc/nginx/nginx.conf", self.root / "var/log/nginx/error.log"
        return shlex.join([NGINX, *extra, "-p", str(self.root), "-c", str(conf), "-e", str(log)])

    def prepare_nginx(self) -> None:
        """Debian's nginx.conf, reduced to what a folder of one's own allows, and the
        installed site on this test's ports."""
        site = self.root / "etc/nginx/sites-available/amanat"
        text = self.path(site.read_text(encoding="utf-8"))  # certificate and log files
        text = replaced(text, "    listen [::]:80;\n", "", 1)  # IPv6 may be off here
        text = replaced(text, "    listen [::]:443 ssl;\n", "", 1)
        text = replaced(text, "listen 80;", f"listen 127.0.0.1:{self.http_port};", 1)
        text = replaced(text, "listen 443 ssl;", f"listen 127.0.0.1:{self.https_port} ssl;", 1)
        text = replaced(text, "server 127.0.0.1:8000;", f"server 127.0.0.1:{self.app_port};", 1)
        site.write_text(text, encoding="utf-8")
        temp = self.root / "var/lib/nginx"
        for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (temp / folder).mkdir(parents=True, exist_ok=True)
            (temp / folder).chmod(0o777)  # nginx's workers may run as www-data
        (self.root / "var/log/nginx").mkdir(parents=True, exist_ok=True)
        (self.root / "run").mkdir(exist_ok=True)
        user = "user www-data;\n" if os.geteuid() == 0 else ""
        (self.root / "etc/nginx/nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 2;\npid {self.root}/run/nginx.pid;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "    include /etc/nginx/mime.types;\n"
            "    default_type application/octet-stream;\n"
            f"    client_body_temp_path {temp}/body;\n"
            f"    proxy_temp_path {temp}/proxy;\n"
            f"    fastcgi_temp_path {temp}/fastcgi;\n"
            f"    uwsgi_temp_path {temp}/uwsgi;\n"
            f"    scgi_temp_path {temp}/scgi;\n"
            f"    include {self.root}/etc/nginx/sites-enabled/*;\n"
            "}\n",
            encoding="utf-8",
        )

    # -- what systemd and nginx start ----------------------------------------------

    def unit(self) -> dict[str, str]:
        """The installed unit's [Service] settings, with the test's paths and port."""
        text = (self.root / "etc/systemd/system/amanat.service").read_text(encoding="utf-8")
        text = replaced(text, "--port 8000", f"--port {self.app_port}", 1)
        return dict(re.findall(r"^(\w+)=(.*)$", self.path(text), re.M))

    def stand_in(self, line: str) -> None:
        """Do what systemd would for the guide's ``systemctl`` lines."""
        if line.startswith(("systemctl enable --now amanat", "systemctl restart amanat")):
            self.stop_service()
            self.start_service()
            if self.nginx is not None:  # else when nginx is started
                self.wait_until_serving()
        elif line.startswith("systemctl reload nginx"):
            self.nginx = self.launch(
                shlex.split(self.nginx_command()), self.environment(), self.root, "nginx.log"
            )
            self.wait_until_serving()

    def start_service(self) -> None:
        """The installed unit: its environment file, ExecStartPre, then ExecStart."""
        unit = self.unit()
        env = {**self.environment(), **environment_file(Path(unit["EnvironmentFile"]))}
        state = Path(unit["WorkingDirectory"])
        state.mkdir(parents=True, exist_ok=True)  # StateDirectory=amanat
        migrated = subprocess.run(
            shlex.split(unit["ExecStartPre"]), env=env, cwd=state, capture_output=True, text=True
        )
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        self.serve = self.launch(shlex.split(unit["ExecStart"]), env, state, "amanat.log")

    def launch(
        self, argv: list[str], env: dict[str, str], cwd: Path, log: str
    ) -> subprocess.Popen[bytes]:
        with (self.root / log).open("ab") as out:
            process = subprocess.Popen(
                argv,
                env=env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return process

    def logs(self) -> str:
        names = ("amanat.log", "nginx.log", "var/log/nginx/error.log")
        found = [self.root / name for name in names if (self.root / name).exists()]
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')}" for p in found)

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            for process in (self.serve, self.nginx):
                if process is not None and process.poll() is not None:
                    pytest.fail(f"{process.args[0]} exited ({process.returncode}):\n{self.logs()}")
            try:
                answer = httpx.get(f"{self.url}/api/v1/health", verify=self.tls())
                if answer.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        pytest.fail(f"not serving after {START_SECONDS:.0f} s:\n{self.logs()}")

    def stop_service(self) -> None:
        if self.serve is not None:
            stop(self.serve, signal.SIGINT)  # the unit's KillSignal

    def stop(self) -> None:
        self.stop_service()
        if self.nginx is not None:
            stop(self.nginx, signal.SIGQUIT)  # graceful


def stop(process: subprocess.Popen[bytes], how: signal.Signals) -> None:
    if process.poll() is None:
        process.send_signal(how)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def environment_file(path: Path) -> dict[str, str]:
    """``KEY=value`` lines, as systemd's EnvironmentFile reads them."""
    pairs = re.findall(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", path.read_text(encoding="utf-8"), re.M)
    return dict(pairs)


@pytest.fixture(scope="session")  # one machine for the guide's and the layout's tests
def layout(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Layout]:
    root = tmp_path_factory.mktemp("machine")
    found = Layout(root, free_port(), free_port(), free_port(), postgres_url)
    # The folders Debian's packages leave (nginx, systemd) and adduser makes.
    for folder in DEBIAN_FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
    try:
        for line in guide_commands():
            if stood_in(line) is None:
                found.run(line)
            else:
                found.stand_in(line)
        yield found
    finally:
        found.stop()
