"""Settings from ``AMANAT_`` environment variables (pydantic-settings).

Read once at the door — a command of the command line, the ASGI entry point — and
passed down from there: nothing below reads the environment again, so a value the
door changed (``--database``) is the value every part uses.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///amanat.sqlite"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AMANAT_", extra="ignore")

    # Embedded SQLite by default; a shared deployment sets a PostgreSQL URL,
    # e.g. postgresql+psycopg://amanat@db.example/amanat
    database_url: str = DEFAULT_DATABASE_URL
    # Log SQL statements (never in production: they can carry identities).
    echo_sql: bool = False
    # The vault's master key file (32 bytes, mode 0600); or the key itself, base64.
    master_key_file: Path | None = None
    master_key: SecretStr | None = None
    # Ed25519 key that signs audit checkpoints (a file, or the key itself, base64).
    audit_signing_key_file: Path | None = None
    audit_signing_key: SecretStr | None = None
    # Its public half, for `amanat audit verify`; or AMANAT_AUDIT_VERIFY_KEY (base64).
    audit_verify_key_file: Path | None = None
    # This node's Ed25519 private key in a federation (`amanat node init` writes it).
    node_key_file: Path | None = None
    # Hours a holder has to answer a request for information after a discovery hit
    # (Prüm's 48 by default).
    rfi_deadline_hours: int = Field(default=48, ge=1, le=24 * 90)


def get_settings() -> Settings:
    """The settings as the environment gives them now: call it at the door and pass
    the result down (not cached, so a test's or a command's variables are seen)."""
    return Settings()
