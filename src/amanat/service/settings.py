"""Settings of the web service (``AMANAT_`` environment variables): the register's
settings (database, keys) and the service's own, in one object.

The door that starts the service resolves them once — ``amanat serve`` and
``amanat demo`` from the environment and their options, ``amanat.service.asgi`` from
the environment — and hands that object to ``create_app``.  Worker processes get it
whole (``to_json``), so each serves the same database with the same session key.
"""

from __future__ import annotations

import json
import secrets
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from amanat.store.settings import Settings


class ServiceSettings(Settings):
    # Signs web session cookies.  Without one, a random key per start of the service:
    # sessions end when it restarts (fine for the demo, not for a deployment), and
    # `amanat serve --workers N` refuses to start, each worker having its own.
    secret_key: str = Field(default_factory=lambda: secrets.token_urlsafe(32))
    # Minutes a web session lasts without activity.
    session_minutes: int = 30
    # Send cookies only over HTTPS (turn off only for plain-HTTP local use).
    secure_cookies: bool = True
    # Where files uploaded for import wait between upload, preview and confirm
    # (empty: a private folder under the system's temporary directory).
    upload_dir: str = ""
    # The largest file accepted for import through the web app and the API.
    upload_max_mb: int = 200
    # API requests in a transaction at once, per worker process; the rest wait their
    # turn, taking no thread and no connection.  A few keep the database's and the
    # interpreter's work per request lowest: on two cores, 4 answered 431 requests/s
    # where 10 answered 327 (benchmarks/service_load.py, 50 clients).  At most the
    # connection pool's 15.
    api_concurrency: int = Field(default=4, ge=1, le=15)
    # Logs: one JSON object a line (``json``) or plain lines (``text``), from this level
    # up.  Never identities, search text, query strings or tokens (amanat.service.logs).
    log_format: Literal["json", "text"] = "json"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Bearer token that reads /metrics; without one there is no /metrics (404).
    metrics_token: SecretStr | None = None
    # PostgreSQL: the longest one statement of a request may run, in seconds (0: no
    # limit); over it the request is answered 503.  Exports and imports get the
    # longer ``bulk_statement_timeout_s``.  (amanat.service.limits)
    statement_timeout_s: float = Field(default=15, ge=0)
    bulk_statement_timeout_s: float = Field(default=600, ge=0)
    # The most rows one export through the web app or the API may hold; larger ones
    # are refused whole (`amanat export` on the server has no limit).
    export_max_rows: int = Field(default=1_000_000, ge=1)
    # Codes of oversight organisations (e.g. a regional centre's audit unit, a
    # prosecutor's oversight department) whose auditors may decide any emergency read,
    # besides the record's own organisation: AMANAT_OVERSIGHT_ORGS=RC-ALMATY,KZ-GP-OVERSIGHT
    oversight_orgs: Annotated[list[str], NoDecode] = Field(default_factory=list)

    @field_validator("oversight_orgs", mode="before")
    @classmethod
    def _codes(cls, given: object) -> object:
        if isinstance(given, str):
            return [code.strip() for code in given.split(",") if code.strip()]
        return given

    def to_json(self) -> str:
        """Every value, secrets as their text: for the worker processes of the one
        service that resolved them (``from_json``), never for a log."""
        values = self.model_dump(mode="json")
        for name, value in self:
            if isinstance(value, SecretStr):
                values[name] = value.get_secret_value()
        return json.dumps(values)

    @classmethod
    def from_json(cls, text: str) -> ServiceSettings:
        """The settings ``to_json`` wrote, as they were: the environment is not read."""
        return cls.model_validate_json(text)
