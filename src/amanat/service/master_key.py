"""The vault's master key for the service: from ``AMANAT_MASTER_KEY_FILE`` or
``AMANAT_MASTER_KEY``, or none.

Without a key the service still runs: protected identities cannot be submitted
(the submission is refused rather than stored in plaintext) and nobody sees more
than pseudonyms.  A key that is configured but unreadable is a deployment error
and fails loudly.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from fastapi import FastAPI

from amanat.access.vault import MASTER_KEY_ENV, MasterKey, load_master_key
from amanat.store.settings import get_settings


@lru_cache(maxsize=4)
def _load(path: Path | None, text: str | None) -> MasterKey | None:
    if path is None and not text:
        return None
    return load_master_key(path, {MASTER_KEY_ENV: text} if text else {})


def configured_master_key() -> MasterKey | None:
    """The configured master key, loaded once per configuration (tests change it)."""
    return _load(get_settings().master_key_file, os.environ.get(MASTER_KEY_ENV))


def app_master_key(app: FastAPI) -> MasterKey | None:
    """The app's master key (tests and the demo set one), else the configured one."""
    given = getattr(app.state, "master_key", None)
    return given if isinstance(given, MasterKey) else configured_master_key()
