"""Settings from ``AMANAT_`` environment variables (pydantic-settings)."""

from __future__ import annotations

from functools import cache

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///amanat.sqlite"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AMANAT_", extra="ignore")

    # Embedded SQLite by default; a shared deployment sets a PostgreSQL URL,
    # e.g. postgresql+psycopg://amanat@db.example/amanat
    database_url: str = DEFAULT_DATABASE_URL
    # Log SQL statements (never in production: they can carry identities).
    echo_sql: bool = False


@cache
def get_settings() -> Settings:
    return Settings()
