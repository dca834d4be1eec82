"""The vault's master key for the service: from ``AMANAT_MASTER_KEY_FILE`` or
``AMANAT_MASTER_KEY``, or none.

Without a key the service still runs: protected identities cannot be submitted
(the submission is refused rather than stored in plaintext) and nobody sees more
than pseudonyms.  A key that is configured but unreadable is a deployment error
and fails loudly, when the app is made.
"""

from __future__ import annotations

from fastapi import FastAPI

from amanat.access.vault import MASTER_KEY_ENV, MasterKey, load_master_key
from amanat.store.settings import Settings


def configured_master_key(settings: Settings) -> MasterKey | None:
    """The key the settings name (a file, or the key's text), or None."""
    text = settings.master_key.get_secret_value() if settings.master_key else ""
    if settings.master_key_file is None and not text:
        return None
    return load_master_key(settings.master_key_file, {MASTER_KEY_ENV: text} if text else {})


def app_master_key(app: FastAPI) -> MasterKey | None:
    """The app's master key: ``create_app`` loads it from its settings (tests put their
    own in ``app.state.master_key``).  Never the environment's: the app's settings say."""
    given = getattr(app.state, "master_key", None)
    return given if isinstance(given, MasterKey) else None
