"""The keys a door's context holds, from the settings read at the door.

The vault's master key: from ``AMANAT_MASTER_KEY_FILE`` or ``AMANAT_MASTER_KEY``, or
none.  Without a key protected identities cannot be submitted (refused rather than
stored in plaintext) and nobody sees more than pseudonyms; a key that is configured
but unreadable is a deployment error and fails loudly.
"""

from __future__ import annotations

from amanat.access.vault import MASTER_KEY_ENV, MasterKey, load_master_key
from amanat.store.settings import Settings


def configured_master_key(settings: Settings) -> MasterKey | None:
    """The key the settings name (a file, or the key's text), or None."""
    text = settings.master_key.get_secret_value() if settings.master_key else ""
    if settings.master_key_file is None and not text:
        return None
    return load_master_key(settings.master_key_file, {MASTER_KEY_ENV: text} if text else {})
