"""The vault's master key for the service: from ``AMANAT_MASTER_KEY_FILE`` or
``AMANAT_MASTER_KEY``, or none.

Without a key the service still runs: protected identities cannot be submitted
(the submission is refused rather than stored in plaintext) and nobody sees more
than pseudonyms.  A key that is configured but unreadable is a deployment error
and fails loudly, when the app is made.
"""

from __future__ import annotations

from fastapi import FastAPI

from amanat.access.vault import MasterKey
from amanat.actions.keys import configured_master_key

__all__ = ["app_master_key", "configured_master_key"]


def app_master_key(app: FastAPI) -> MasterKey | None:
    """The app's master key: ``create_app`` loads it from its settings (tests put their
    own in ``app.state.master_key``).  Never the environment's: the app's settings say."""
    given = getattr(app.state, "master_key", None)
    return given if isinstance(given, MasterKey) else None
