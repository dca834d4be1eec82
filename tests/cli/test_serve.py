"""`amanat serve` resolves its settings once and hands them to uvicorn: the app itself
to one process, the settings whole to several workers.  (Served for real, as a user
runs it, in test_readme_commands.py.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from amanat.cli.main import app
from amanat.cli.serve import WORKER_START_SECONDS, run
from amanat.service import asgi
from amanat.service.settings import ServiceSettings

runner = CliRunner()


@pytest.fixture
def uvicorn_runs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    """What ``uvicorn.run`` was given, instead of serving."""
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(asgi.gc, "freeze", lambda: None)  # for a serving process only
    monkeypatch.setattr(uvicorn, "run", lambda target, **options: calls.append((target, options)))
    return calls


def test_one_process_is_handed_the_app_of_the_settings(
    uvicorn_runs: list[tuple[Any, dict[str, Any]]],
) -> None:
    settings = ServiceSettings(database_url="sqlite:///named.sqlite", secure_cookies=False)
    run(settings, "127.0.0.1", 8123)
    [(target, options)] = uvicorn_runs
    assert target.state.settings is settings
    assert options["port"] == 8123 and options.get("workers") is None


def test_workers_are_handed_the_settings_whole(
    uvicorn_runs: list[tuple[Any, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(asgi.SETTINGS_ENV, "")  # so that what `run` sets there is undone
    settings = ServiceSettings(
        database_url="sqlite:///named.sqlite", api_concurrency=3, secret_key="one-for-all"
    )
    run(settings, "127.0.0.1", 8123, workers=3)
    [(target, options)] = uvicorn_runs
    assert target == "amanat.service.asgi:worker_app"
    assert options["factory"] is True and options["workers"] == 3
    # A worker slow to start on a busy machine is not killed for it.
    assert options["timeout_worker_healthcheck"] == WORKER_START_SECONDS
    # In a worker, whatever the environment says of the database:
    monkeypatch.setenv("AMANAT_DATABASE_URL", "sqlite:///elsewhere.sqlite")
    assert asgi.worker_app().state.settings == settings


def test_a_setting_that_is_not_valid_is_named(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    assert runner.invoke(app, ["init", "--database", database]).exit_code == 0
    result = runner.invoke(
        app, ["serve", "--database", database], env={"AMANAT_API_CONCURRENCY": "99"}
    )
    assert result.exit_code == 1
    assert "AMANAT_API_CONCURRENCY" in result.output and "'99'" in result.output


def test_a_key_that_cannot_be_read_stops_serve_before_it_serves(
    tmp_path: Path, uvicorn_runs: list[tuple[Any, dict[str, Any]]]
) -> None:
    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    assert runner.invoke(app, ["init", "--database", database]).exit_code == 0
    command = ["serve", "--database", database, "--workers", "2"]
    env = {"AMANAT_MASTER_KEY_FILE": str(tmp_path / "missing.key"), "AMANAT_SECRET_KEY": "k"}
    result = runner.invoke(app, command, env=env)
    assert result.exit_code == 1
    assert "master key file not found" in result.output
    assert uvicorn_runs == []


def test_several_workers_refuse_to_start_without_a_secret_key(
    tmp_path: Path, uvicorn_runs: list[tuple[Any, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker would make a session key of its own: a sign-in made by one would
    fail on the others."""
    monkeypatch.setenv(asgi.SETTINGS_ENV, "")  # so that what `run` sets there is undone
    monkeypatch.delenv("AMANAT_SECRET_KEY", raising=False)
    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    assert runner.invoke(app, ["init", "--database", database]).exit_code == 0
    command = ["serve", "--database", database, "--workers", "2"]
    refused = runner.invoke(app, command)
    assert refused.exit_code == 1
    assert "--workers 2 needs AMANAT_SECRET_KEY" in refused.output
    assert uvicorn_runs == []
    # One worker makes its own key, as the demo does; several start with one given.
    assert runner.invoke(app, command[:-2]).exit_code == 0
    given = runner.invoke(app, command, env={"AMANAT_SECRET_KEY": "the-same-for-every-worker"})
    assert given.exit_code == 0, given.output
    assert [options.get("workers") for _, options in uvicorn_runs] == [None, 2]
    assert asgi.worker_app().state.settings.secret_key == "the-same-for-every-worker"


def test_the_logs_are_configured_in_every_worker(
    uvicorn_runs: list[tuple[Any, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(asgi.SETTINGS_ENV, "")
    settings = ServiceSettings(secret_key="k", log_format="text", log_level="DEBUG")
    run(settings, "127.0.0.1", 8123, workers=2)
    [(_, options)] = uvicorn_runs
    assert options["log_level"] == "debug" and options["access_log"] is False
    formatter = options["log_config"]["formatters"]["amanat"]["()"]
    assert formatter == "amanat.service.logs.TextLines"
