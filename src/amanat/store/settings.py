"""Settings from ``AMANAT_`` environment variables (pydantic-settings)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///amanat.sqlite"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AMANAT_", extra="ignore")

    # Embedded SQLite by default; a shared deployment sets a PostgreSQL URL,
    # e.g. postgresql+psycopg://amanat@db.example/amanat
    database_url: str = DEFAULT_DATABASE_URL
    # Log SQL statements (never in production: they can carry identities).
    echo_sql: bool = False
    # The vault's master key file (32 bytes, mode 0600); or AMANAT_MASTER_KEY (base64).
    master_key_file: Path | None = None
    # Ed25519 key that signs audit checkpoints; or AMANAT_AUDIT_SIGNING_KEY (base64).
    audit_signing_key_file: Path | None = None
    # Its public half, for `amanat audit verify`; or AMANAT_AUDIT_VERIFY_KEY (base64).
    audit_verify_key_file: Path | None = None


@cache
def get_settings() -> Settings:
    return Settings()
