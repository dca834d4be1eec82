"""`uvicorn amanat.service.asgi:app`: the settings read from the environment when uvicorn
loads the app, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from amanat.service import asgi


def test_the_app_is_made_from_the_environment_when_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(asgi.gc, "freeze", lambda: None)  # for a serving process only
    monkeypatch.delitem(asgi.__dict__, "app", raising=False)  # made by an earlier test
    url = f"sqlite:///{tmp_path / 'named.sqlite'}"
    monkeypatch.setenv("AMANAT_DATABASE_URL", url)
    monkeypatch.setenv("AMANAT_SESSION_MINUTES", "12")
    app = asgi.app
    assert app.state.settings.database_url == url
    assert app.state.settings.session_minutes == 12
    assert asgi.app is app  # made once


def test_nothing_else_is_made_on_demand() -> None:
    with pytest.raises(AttributeError, match="no attribute 'application'"):
        _ = asgi.application  # type: ignore[attr-defined]
