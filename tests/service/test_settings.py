"""The service's settings: one object, handed whole to the worker processes."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from amanat.service.settings import ServiceSettings


def test_the_settings_reach_the_workers_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = ServiceSettings(
        database_url="sqlite:///named.sqlite",
        master_key=SecretStr("a-key-in-base64"),
        secure_cookies=False,
        api_concurrency=7,
    )
    text = settings.to_json()
    # The workers read what the command resolved, not the environment they start in.
    monkeypatch.setenv("AMANAT_DATABASE_URL", "sqlite:///elsewhere.sqlite")
    monkeypatch.setenv("AMANAT_SECRET_KEY", "another-key")
    again = ServiceSettings.from_json(text)
    assert again == settings
    assert again.secret_key == settings.secret_key  # one session key for every worker
    assert again.master_key is not None
    assert again.master_key.get_secret_value() == "a-key-in-base64"


def test_keys_are_not_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMANAT_MASTER_KEY", "a-key-in-base64")
    settings = ServiceSettings()
    assert "a-key-in-base64" not in repr(settings)
    assert "a-key-in-base64" not in settings.model_dump_json()
