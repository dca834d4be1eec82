"""Air-gapped: every script, style and icon is served by the app; nothing is loaded
from anywhere else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.service.web.conftest import Web

from amanat.service.web import rendering

PACKAGE = Path(rendering.__file__).parent  # the web app's package: templates, static
TEMPLATES = sorted((PACKAGE / "templates").glob("*.html"))
assert TEMPLATES, PACKAGE  # a wrong folder must not make the checks vanish
OWN_STATIC = ("amanat.css", "amanat.js", "amanat.svg")
EXTERNAL = re.compile(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
# An XML namespace names a specification; it loads nothing.
NAMESPACE = re.compile(r'xmlns(:\w+)?="[^"]+"')
REFERENCED = re.compile(r'(?:src|href)="(/static/[^"]+)"')


@pytest.mark.parametrize(
    "path", TEMPLATES + [PACKAGE / "static" / n for n in OWN_STATIC], ids=lambda p: p.name
)
def test_nothing_is_loaded_from_elsewhere(path: Path) -> None:
    assert not EXTERNAL.search(NAMESPACE.sub("", path.read_text(encoding="utf-8")))


def test_the_vendored_htmx_makes_no_outside_calls() -> None:
    script = (PACKAGE / "static" / "htmx.min.js").read_text(encoding="utf-8")
    assert "http://" not in script and "https://" not in script
    assert "Zero-Clause BSD" in (PACKAGE / "static" / "htmx.LICENSE.txt").read_text("utf-8")


def test_every_static_file_a_page_names_is_served(web: Web) -> None:
    client = web.client()
    base = (PACKAGE / "templates" / "base.html").read_text(encoding="utf-8")
    named = set(REFERENCED.findall(base))
    assert {"/static/amanat.css", "/static/htmx.min.js", "/static/amanat.js"} <= named
    for url in named:
        answer = client.get(url)
        assert answer.status_code == 200, url
    assert client.get("/static/amanat.css").headers["content-type"].startswith("text/css")


def test_the_stylesheet_uses_system_fonts_only() -> None:
    css = (PACKAGE / "static" / "amanat.css").read_text(encoding="utf-8")
    assert "@font-face" not in css and "@import" not in css
    assert "system-ui" in css


def test_pages_work_on_a_phone_width() -> None:
    base = (PACKAGE / "templates" / "base.html").read_text(encoding="utf-8")
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in base
    css = (PACKAGE / "static" / "amanat.css").read_text(encoding="utf-8")
    assert "@media (max-width" in css


def test_every_form_control_has_a_label() -> None:
    # Controls made by the macros get a <label for>; the rest are checked here.
    for path in TEMPLATES:
        html = path.read_text(encoding="utf-8")
        for control in re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="([^"{]+)"', html):
            assert f'for="{control}"' in html or "<label" in html, (path.name, control)


def test_the_api_docs_load_nothing_from_elsewhere(web: Web) -> None:
    client = web.client()
    page = client.get("/docs")
    assert page.status_code == 200
    assert not EXTERNAL.search(page.text), "the docs page names an outside host"
    named = set(REFERENCED.findall(page.text))
    assert named == {"/static/swagger-ui-bundle.js", "/static/swagger-ui.css", "/static/amanat.svg"}
    for url in named:
        assert client.get(url).status_code == 200, url
    # The validator badge would send the API description to validator.swagger.io.
    assert '"validatorUrl": null' in page.text
    assert client.get("/redoc").status_code == 404
    notice = (PACKAGE / "static" / "swagger-ui.LICENSE.txt").read_text(encoding="utf-8")
    assert "Apache License" in notice and "SmartBear" in notice
