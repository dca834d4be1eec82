"""`amanat demo`'s settings: one object with its database, its key and plain-HTTP
cookies, where the environment does not say otherwise.  (Built and served for real in
test_readme_commands.py.)"""

from __future__ import annotations

import pytest

from amanat.cli.demo import DEMO_DATABASE, DEMO_SEED, demo_settings
from amanat.demo.region.sealing import demo_master_key
from amanat.service.master_key import configured_master_key


@pytest.fixture(autouse=True)
def no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "MASTER_KEY", "MASTER_KEY_FILE", "SECURE_COOKIES", "LOG_LEVEL"):
        monkeypatch.delenv(f"AMANAT_{name}", raising=False)


def test_the_demo_settings_hold_its_database_key_and_cookies() -> None:
    settings = demo_settings(None)
    assert settings.database_url == DEMO_DATABASE
    assert settings.secure_cookies is False
    assert settings.log_level == "WARNING"  # the terminal shows the logins, not each page
    # The seed's public demo key, which sealed the demo's victims.
    key = configured_master_key(settings)
    assert key is not None and key.secret == demo_master_key(DEMO_SEED).secret


def test_the_database_option_and_the_environment_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMANAT_DATABASE_URL", "sqlite:///not-the-demo.sqlite")
    monkeypatch.setenv("AMANAT_SECURE_COOKIES", "true")
    monkeypatch.setenv("AMANAT_MASTER_KEY_FILE", "/etc/amanat/master.key")
    monkeypatch.setenv("AMANAT_LOG_LEVEL", "DEBUG")
    settings = demo_settings("sqlite:///other-demo.sqlite")
    assert settings.database_url == "sqlite:///other-demo.sqlite"
    assert settings.log_level == "DEBUG"
    assert settings.secure_cookies is True
    assert settings.master_key is None
    # The demo's own database is not AMANAT_DATABASE_URL's, which names a real register.
    assert demo_settings(None).database_url == DEMO_DATABASE
