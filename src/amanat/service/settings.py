"""Settings of the web service (``AMANAT_`` environment variables)."""

from __future__ import annotations

import secrets
from functools import cache
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AMANAT_", extra="ignore")

    # Signs web session cookies.  Without one, a random key per process: sessions
    # end when the service restarts (fine for the demo, not for a deployment).
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


@cache
def get_service_settings() -> ServiceSettings:
    return ServiceSettings()
