"""Signed audit checkpoints while the service runs.

A checkpoint (``amanat.access.audit.checkpoint``) is the signing key's word on the
chain's end: a tail rewritten and re-hashed by someone with the database's rights
fails against it.  When the service holds the signing key
(``AMANAT_AUDIT_SIGNING_KEY_FILE`` or ``AMANAT_AUDIT_SIGNING_KEY``), each worker
looks every ``CHECK_SECONDS`` and signs the latest entry once ``CHECKPOINT_EVERY``
entries have been added since the last checkpoint.  Requests never wait for it: the
entries are chained as their transactions commit (``audit_queue``), which is why a
checkpoint is not signed inside a request.  Two workers that look at once both
take the next number in the checkpoints' series; the unique index lets one of them
sign, and the other signs nothing (`sign_if_due` answers None).

``amanat audit verify`` expects this schedule when a verify key is given: a checkpoint
due for longer than ``SIGNING_GRACE`` (``amanat.access.audit_store``) and absent fails
the trail, as the newest checkpoints deleted would.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from amanat.access.audit import SIGNING_KEY_ENV, Checkpoint
from amanat.access.audit_store import (
    CHECKPOINT_EVERY,
    AuditCheckpoint,
    AuditRecord,
    checkpoint_now,
    signing_key_from,
)
from amanat.store.engine import transaction
from amanat.store.settings import Settings

CHECK_SECONDS = 30.0
log = logging.getLogger(__name__)


def configured_key(settings: Settings) -> Ed25519PrivateKey | None:
    """The signing key when the deployment gives the service one; a key configured but
    unreadable is an error at start, not a silent lack of checkpoints."""
    text = settings.audit_signing_key
    given = {SIGNING_KEY_ENV: text.get_secret_value()} if text else {}
    return signing_key_from(settings.audit_signing_key_file, given)


def sign_if_due(engine: Engine, key: Ed25519PrivateKey) -> Checkpoint | None:
    """Sign the latest entry if ``CHECKPOINT_EVERY`` entries follow the last checkpoint;
    None when not due, or when another signer took this checkpoint's number first."""
    try:
        with transaction(engine) as session:
            signed = session.scalar(select(func.max(AuditCheckpoint.seq))) or 0
            end = session.scalar(select(func.max(AuditRecord.seq))) or 0
            if end - signed < CHECKPOINT_EVERY:
                return None
            return checkpoint_now(session, key)
    except IntegrityError:
        return None


async def keep_signing(engine: Engine, key: Ed25519PrivateKey, stop: asyncio.Event) -> None:
    """Until ``stop``: sign when due, then wait ``CHECK_SECONDS``."""
    while not stop.is_set():
        try:
            await run_in_threadpool(sign_if_due, engine, key)
        except Exception:  # a database hiccup must not end the loop; the next look retries
            log.exception("signing an audit checkpoint failed")
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), CHECK_SECONDS)
