"""The web app: server-rendered pages (Jinja2, htmx) over the same records functions
as the API.

Everything the browser loads is served from the package (no CDN, no web fonts), so
it works on an air-gapped network.  ``install`` is called by ``create_app``.
"""

from __future__ import annotations

from importlib import import_module, resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from amanat.actions import public
from amanat.actions.door import binds
from amanat.service import body_limits
from amanat.service.settings import ServiceSettings
from amanat.service.web import error_pages
from amanat.service.web.headers import SecurityHeaders

# Router modules, each with a `router`; listed so a missing one is an import error.
ROUTERS: tuple[str, ...] = (
    "auth",
    "account",
    "dashboard",
    "search",
    "discover",
    "information_requests",
    "record_pages",
    "record_edit",
    "identity",
    "case_forms",
    "event_forms",
    "victim_forms",
    "seizure_forms",
    "source_forms",
    "report_pages",
    "import_pages",
    "export_pages",
    "link_forms",
    "sharing",
    "break_glass",
    "caseload",
    "referrals",
    "referral_forms",
    "inbox",
    "services",
    "monitor",
    "monitor_network",
    "monitor_downloads",
    "review",
    "audit",
    "alerts",
    "admin",
    "admin_groups",
    "admin_names",
    "admin_reset",
)
SESSION_COOKIE = "amanat_session"


def install(app: FastAPI, settings: ServiceSettings) -> None:
    # create_app puts the settings' master key here, tests their own; an app made
    # otherwise has none.
    if not hasattr(app.state, "master_key"):
        app.state.master_key = None
    static = resources.files("amanat.service.web").joinpath("static")
    files = StaticFiles(directory=str(static))
    binds(public.assets)(files)
    app.mount("/static", files, name="static")
    for name in ROUTERS:
        module = f"amanat.service.web.{name}"
        limit = body_limits.for_router(module, settings)
        app.include_router(import_module(module).router, max_body_size=limit)
    error_pages.install(app)
    # Added last, so it wraps everything: the session is there for every handler.
    app.add_middleware(SecurityHeaders, hsts=settings.secure_cookies)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_minutes * 60,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
